/**
 * Turns text into index terms for TF-IDF: lowercased words with English stop words dropped and plurals folded, and
 * character bigrams for scripts written without spaces (Chinese, Japanese, Thai), where words cannot be found cheaply.
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const SPACELESS_RUN =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu;

// Function words carry no topic; IDF would shrink them anyway, but short sentences made of them would otherwise look
// similar to everything.
const STOP_WORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each few for from further had has have having he her here " +
    "hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off " +
    "on once only or other our ours ourselves out over own same she should so some such than that the their theirs " +
    "them themselves then there these they this those through to too under until up very was we were what when where " +
    "which while who whom why will with would you your yours yourself yourselves may might must shall upon via per " +
    "et al der die das und ist ein eine le la les des est un une et de du el los las y en que"
  ).split(" "),
);

/** Index terms of `text`, in order, repeats kept (term frequency matters). */
export function extractTerms(text: string): string[] {
  const terms: string[] = [];
  for (const [word] of text.normalize("NFKC").toLowerCase().matchAll(WORD)) {
    let rest = word;
    for (const run of word.matchAll(SPACELESS_RUN)) {
      // Split the word around spaceless runs so mixed "gpt模型" yields "gpt" plus bigrams.
      const before = rest.slice(0, rest.indexOf(run[0]));
      addWord(terms, before);
      addBigrams(terms, run[0]);
      rest = rest.slice(rest.indexOf(run[0]) + run[0].length);
    }
    addWord(terms, rest);
  }
  return terms;
}

function addWord(terms: string[], word: string): void {
  if (word === "" || STOP_WORDS.has(word)) return;
  if (word.length === 1 && !/\p{N}/u.test(word)) return;
  terms.push(foldPlural(word));
}

function addBigrams(terms: string[], run: string): void {
  const chars = [...run];
  if (chars.length === 1) {
    terms.push(run);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) terms.push(`${chars[i]}${chars[i + 1]}`);
}

// Only the commonest English plural forms: full stemming would merge unrelated words and buy little for ranking.
function foldPlural(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is|ys)$/.test(word)) return word.slice(0, -1);
  return word;
}
