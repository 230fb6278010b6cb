/**
 * Words that say nothing about a tab's topic. Function words of English and of the languages Hearth's users most
 * often browse in besides it, plus the boilerplate of page titles and URL paths. Entries are already folded the way
 * the tokenizer folds terms (lowercase, no accents), so a lookup is one Set.has.
 */

const ENGLISH = `a about above after again against all also am an and any are as at be because been before being
below between both but by can could did didn do does doesn doing don down during each either else ever every few for
from further had has hasn have haven having he her here hers herself him himself his how however i if in into is isn
it its itself just let me might more most much must my myself neither no nor not now of off on once one only or other
our ours ourselves out over own per same shall she should so some such than that the their theirs them themselves
then there these they this those through to too under until up upon us very via vs was wasn we were weren what when
where whether which while who whom whose why will with within without won would wouldn yet you your yours yourself
yourselves ll ve re`;

// Articles, prepositions, pronouns and auxiliaries only: content verbs such as "ser" or "haben" can be a topic.
const FRENCH = `au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui ma mais me mes moi
mon ne nos notre nous ou par pas pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous`;
const GERMAN = `aber als am an auch auf aus bei bin bis bist da das dass dem den der des die dir du ein eine einem einen
einer eines er es fur hat ich ihr im in ist ja mit nach nicht noch oder sich sie sind so uber um und uns von vor war
was wie wir wird zu zum zur`;
const SPANISH = `al como con de del el ella en entre es esta este la las le les lo los mas mi mis muy no nos o para pero
por que se si sin sobre su sus te tu un una unas uno unos vos ya`;
const ITALIAN = `agli ai al alla alle che col con da dal dalla degli dei del della delle di gli il la le lo nei nel nella
per piu sono su sul sulla tra un una uno`;
const PORTUGUESE = `ao aos as com da das do dos ela ele em na nas no nos os para pela pelo por que se sem um uma`;
const DUTCH = `aan als bij dat de den die dit een en het hij in is met naar niet of om op te van voor wat ze zij`;

// Words every kind of page puts in its title or URL; keeping them would make unrelated tabs look alike.
const WEB_BOILERPLATE = `www http https html htm php asp aspx jsp shtml index com org net amp utm ref src id new tab
tabs home page pages homepage welcome official site website login log sign signin account untitled loading default
edit view preview share search results result`;

// Words that say how a page talks about its subject rather than what the subject is ("the best way to...").
const GENERIC_TITLE_WORDS = `best top way ways make makes get gets take takes know use using used want need like good great
first last next really still many things thing free online easy easiest ultimate complete full everything anything
something tips tip ideas idea list lists guide guides part`;

// Path segments that name a site's sections or an app's routes rather than a topic.
const PATH_BOILERPLATE = `wiki comments comment questions question issues issue pull pulls blob tree main master
watch dp gp latest stable en de fr es it ja zh ru pt nl us uk document documents spreadsheets presentation
forms mail inbox feed post posts article articles blog category categories tag tags item items product products
docs doc kb help support static assets user users profile status archive content live world news readme`;

function wordSet(...lists: string[]): ReadonlySet<string> {
  return new Set(lists.join(" ").split(/\s+/).filter((word) => word.length > 0));
}

/** Function words and title boilerplate: dropped wherever they appear. */
export const STOP_WORDS: ReadonlySet<string> = wordSet(
  ENGLISH,
  FRENCH,
  GERMAN,
  SPANISH,
  ITALIAN,
  PORTUGUESE,
  DUTCH,
  WEB_BOILERPLATE,
  GENERIC_TITLE_WORDS,
);

/** Extra words dropped only when they come from a URL path or query. */
export const PATH_STOP_WORDS: ReadonlySet<string> = wordSet(PATH_BOILERPLATE);
