"""The page's style sheet and Content-Security-Policy (the page loads and runs nothing).

Colours follow the Okabe–Ito palette, which colour-blind readers can tell apart, and every
colour comes with a text label (and deletions/insertions with a strike-through/underline).
"""

from __future__ import annotations

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #1d2329; --muted: #5b6670; --rule: #d9dee3; --paper: #ffffff; --wash: #f5f7f9;
  --blue: #0072b2; --sky: #56b4e9; --green: #009e73; --orange: #e69f00; --vermillion: #d55e00;
  --purple: #cc79a7; --yellow: #f0e442; }
* { box-sizing: border-box; }
html { background: var(--wash); }
body { margin: 0 auto; max-width: 68rem; padding: 2rem 2.5rem 4rem; background: var(--paper);
  color: var(--ink); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "DejaVu Sans", sans-serif; }
h1 { font-size: 1.9rem; margin: 0 0 .2rem; letter-spacing: -.01em; }
h2 { font-size: 1.4rem; margin: 2.6rem 0 1rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.12rem; margin: 0 0 .6rem; }
h4 { font-size: .8rem; margin: 1.4rem 0 .5rem; color: var(--muted); text-transform: uppercase;
  letter-spacing: .06em; }
p { margin: .4rem 0; }
a { color: var(--blue); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo,
  monospace; font-size: .86em; }
.lede { color: var(--muted); margin: 0 0 1.2rem; }
.muted { color: var(--muted); }
nav.toc { background: var(--wash); border: 1px solid var(--rule); border-radius: 6px;
  padding: .7rem 1.1rem; margin: 1rem 0 0; font-size: .92rem; }
nav.toc ol { margin: .2rem 0; padding-left: 1.3rem; }
nav.toc ol ol.docs { columns: 2; column-gap: 2rem; }
nav.toc li { margin: .1rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .8rem; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: .7rem 1rem; }
.card .big { font-size: 2rem; font-weight: 700; line-height: 1.1; }
.card .label { color: var(--muted); font-size: .85rem; text-transform: uppercase;
  letter-spacing: .05em; }
.card .parts { margin-top: .35rem; display: flex; flex-wrap: wrap; gap: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .4rem 0 .8rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem;
  border-bottom: 1px solid var(--rule); }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .78rem;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; line-height: 1.5; }
.sev-error { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.sev-warning { background: #fcefd0; color: #6b4700; border-color: var(--orange); }
.sev-note { background: #d9ecf7; color: #00446b; border-color: var(--sky); }
.st-consistent { background: #d2efe5; color: #00553f; border-color: var(--green); }
.st-inconsistent { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.st-disputed { background: #fbf6c8; color: #5a5200; border-color: #c9bd2a; }
.members .group { grid-column: 1 / -1; padding: .4rem 1rem; border-top: 1px solid var(--rule);
  background: #f4f6f8; font-size: .85rem; }
.v-identical { background: #d2efe5; color: #00553f; border-color: var(--green); }
.v-truncated { background: #e4f1e9; color: #00553f; border-color: #8fcbb5; }
.v-editorial { background: #efe9f3; color: #5b2d4a; border-color: var(--purple); }
.v-case, .v-punctuation { background: #d9ecf7; color: #00446b; border-color: var(--sky); }
.v-wording { background: #fbe1d3; color: #7a2e00; border-color: var(--vermillion); }
.v-unquoted { background: #fbf6c8; color: #5a5200; border-color: #c9bd2a; }
.kind { background: var(--wash); color: var(--ink); border-color: var(--rule); font-weight: 500; }
section.cluster { border: 1px solid var(--rule); border-radius: 8px; margin: 0 0 1.6rem;
  overflow: hidden; }
.cluster header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem 1rem;
  padding: .6rem 1rem; background: var(--wash); border-bottom: 1px solid var(--rule); }
.cluster header h3 { margin: 0; }
.canonical { margin: 0; padding: .9rem 1.2rem .9rem 1.1rem; border-left: 4px solid var(--ink);
  font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; font-size: 1.06rem; }
.canonical-label { padding: .6rem 1.2rem 0; font-size: .78rem; text-transform: uppercase;
  letter-spacing: .05em; color: var(--muted); }
.reference { padding: 0 1.2rem .6rem; font-size: .88rem; color: var(--muted); }
.members { display: grid; grid-template-columns: 15rem 1fr; }
.member { display: contents; }
.member > div { padding: .7rem 1rem; border-top: 1px solid var(--rule); }
.member .who { background: #fbfcfd; font-size: .88rem; }
.member .who a { display: block; font-weight: 600; overflow-wrap: anywhere; }
.member .who .badge { margin-top: .3rem; }
.quote { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; font-size: 1.02rem; }
del, ins { text-decoration-thickness: 2px; border-radius: 3px; padding: 0 .12em; margin: 0 .1em; }
del { background: #fbe1d3; color: #7a2e00; text-decoration-line: line-through;
  text-decoration-color: var(--vermillion); }
ins { background: #d3e9f6; color: #00355a; text-decoration-line: underline;
  text-decoration-color: var(--blue); text-underline-offset: 3px; }
del.case, ins.case { font-style: italic; }
ul.diffs { list-style: none; margin: .45rem 0 0; padding: 0; font-size: .84rem;
  color: var(--muted); display: flex; flex-wrap: wrap; gap: .2rem .9rem; }
.legend { font-size: .88rem; color: var(--muted); margin: -.4rem 0 1rem; }
details { margin: .25rem 0; }
details > summary { cursor: pointer; }
details pre { white-space: pre-wrap; word-break: break-word; background: var(--wash);
  border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .7rem; margin: .4rem 0 .6rem;
  max-height: 24rem; overflow: auto; }
.pieces summary { display: flex; gap: .5rem; align-items: baseline; list-style: none; }
.pieces summary::-webkit-details-marker { display: none; }
.pieces summary::before { content: "▸"; color: var(--muted); width: .8rem; flex: none; }
.pieces details[open] > summary::before { content: "▾"; }
.rule { display: inline-block; margin: 0 .9rem .1rem 0; white-space: nowrap; }
td code { white-space: nowrap; }
.pieces summary .preview { color: var(--muted); overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; min-width: 0; flex: 1; }
.pieces summary code { white-space: nowrap; }
section.document { border-top: 1px solid var(--rule); padding-top: 1.4rem; margin-top: 1.6rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem;
  margin: .3rem 0 .6rem; font-size: .92rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.cleantext p { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; margin: .5rem 0; }
.ok { color: #00553f; }
footer { margin-top: 3rem; font-size: .82rem; color: var(--muted); }
"""
