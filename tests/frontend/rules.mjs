// The server's choices and limits, as test_js_modules.py fetched them (GET /api/choices and
// GET /api/limits): the page's rules come from the server, and so do the tests'.

import { readFileSync } from "node:fs";

const path = process.env.PAGE_RULES;
if (!path) {
  throw new Error("PAGE_RULES is not set: run these tests through "
    + "`pytest tests/frontend`, which asks a real app for its rules");
}

export const RULES = JSON.parse(readFileSync(path, "utf8"));
