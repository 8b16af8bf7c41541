// The page's pure helpers, run in Node for tests/test_explorer_browser.py: reads a JSON list of
// [helper, args] from the command line and prints the results as JSON.
import { markSentence } from "../../frontend/src/detail.js";
import { day } from "../../frontend/src/timeline.js";
import { periodOf } from "../../frontend/src/api.js";

const helpers = {
  markSentence: (sentence, marks) => markSentence(sentence, marks),
  day: (text) => { const d = day(text); return d ? d.toISOString().slice(0, 10) : null; },
  periodOf: (since, until) => periodOf({ since, until }),
};
const calls = JSON.parse(process.argv[2]);
console.log(JSON.stringify(calls.map(([name, args]) => helpers[name](...args))));
