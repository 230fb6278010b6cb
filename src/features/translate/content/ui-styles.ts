/**
 * Styles of the in-page translate UI, scoped to its closed shadow roots. The colours follow Hearth's pages
 * (src/shared/styles/base.css) in light and dark, since the page's own CSS variables do not reach in here.
 */

const theme = `
:host { color-scheme: light dark; }
.hearth {
  --bg: #fbfbfe; --fg: #15141a; --muted: #5b5b66; --accent: #b4441a; --accent-fg: #ffffff; --surface: #f0f0f4;
  --border: #cfcfd8; --error: #c50042; --focus: #0061e0;
  font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); text-align: start;
  box-sizing: border-box; border: 1px solid var(--border); border-radius: 8px;
  box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
}
@media (prefers-color-scheme: dark) {
  .hearth {
    --bg: #1c1b22; --fg: #fbfbfe; --muted: #bfbfc9; --accent: #ff9a62; --accent-fg: #1c1b22; --surface: #2b2a33;
    --border: #52525e; --error: #ff848b; --focus: #00ddff;
  }
}
.hearth *, .hearth *::before, .hearth *::after { box-sizing: border-box; }
button, select { font: inherit; color: inherit; }
button {
  background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: .2rem .7rem; cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
button:disabled { opacity: .55; cursor: default; }
button[hidden], progress[hidden] { display: none; }
select { background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: .15rem .3rem; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.status { color: var(--muted); min-height: 1.2em; }
.status[data-tone="error"] { color: var(--error); }
.icon { border: none; background: none; padding: 0 .35rem; font-size: 1.2rem; line-height: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;

/** The selection panel. */
export const panelCss = `${theme}
.panel { display: flex; flex-direction: column; gap: .4rem; padding: .6rem .7rem; width: min(380px, calc(100vw - 16px)); }
.panel:focus { outline: none; }
header { display: flex; align-items: center; gap: .4rem; }
header .title { font-weight: 600; flex: 1; }
.output {
  white-space: pre-wrap; overflow-wrap: anywhere; max-height: 45vh; overflow: auto; min-height: 1.4em;
  padding: .3rem .4rem; background: var(--surface); border-radius: 6px;
}
.output:empty { display: none; }
footer { display: flex; gap: .4rem; justify-content: flex-end; }
`;

/** The page translation bar. */
export const barCss = `${theme}
.bar { display: flex; align-items: center; flex-wrap: wrap; gap: .5rem; padding: .4rem .6rem; max-width: min(640px, calc(100vw - 16px)); }
.bar .status { color: var(--fg); flex: 1 1 12rem; }
progress { width: 8rem; accent-color: var(--accent); }
`;
