// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MutationFollower, type PageChanges } from "./follower";

describe("MutationFollower", () => {
  let reports: PageChanges[];
  let own: WeakSet<Node>;
  let follower: MutationFollower;

  beforeEach(() => {
    document.body.innerHTML = `
      <div id="feed"><p id="p">Some <b id="bold">bold <i id="it">words</i></b> here</p></div>
      <div class="notranslate" id="nt"><p>Brand</p></div>
      <pre id="pre">code here</pre>
      <p>Run <code id="code">x</code> now</p>`;
    reports = [];
    own = new WeakSet();
    follower = new MutationFollower({
      isOwnText: (node) => own.has(node),
      isOwnAttribute: () => false,
      onChanges: (changes) => reports.push(changes),
    });
    follower.observe(document.body);
  });
  afterEach(() => follower.disconnect());

  it("reports an added block as a root and an inline change as the run member under its block", () => {
    const block = document.createElement("p");
    block.append("New block");
    document.getElementById("feed")?.append(block);
    document.getElementById("it")?.append(" more");
    follower.flush();
    expect(reports).toHaveLength(1);
    expect(reports[0]?.roots).toEqual([block]);
    expect(reports[0]?.runs).toEqual([document.getElementById("bold")]);
  });

  it("reports the run a node was removed from, through its old neighbour", () => {
    document.getElementById("bold")?.remove();
    follower.flush();
    expect(reports[0]?.runs).toEqual([document.getElementById("p")?.firstChild]);
  });

  it("ignores changes inside content that is never translated", () => {
    document.querySelector("#nt p")?.append(" Name");
    document.getElementById("pre")?.append(" more code");
    (document.getElementById("code")?.firstChild as Text).data = "y";
    document.getElementById("code")?.append(document.createElement("span"));
    follower.flush();
    expect(reports).toEqual([]);
  });

  it("drops the records of Hearth's own writes but still reports page changes queued before them", () => {
    document.getElementById("it")?.append(" page change");
    follower.ignoreWrites(() => {
      const text = document.createTextNode("Eigener Text");
      own.add(text);
      document.getElementById("p")?.replaceChildren(text);
      document.getElementById("feed")?.setAttribute("title", "Hearth wrote this");
    });
    follower.flush();
    expect(reports).toHaveLength(1);
    follower.flush();
    expect(reports).toHaveLength(1);
  });

  it("reports readable attributes the page changes, not other attributes", () => {
    document.getElementById("p")?.setAttribute("title", "A tooltip");
    document.getElementById("p")?.setAttribute("data-x", "ignored");
    follower.flush();
    expect(reports[0]?.attributes).toEqual([{ element: document.getElementById("p"), name: "title" }]);
  });
});
