// Create, read, memo, list and a 422 through openapi-fetch and the generated types, as CI runs it:
//   npx tsc && node dist/tour.js http://127.0.0.1:8000 KEY
// Prints one JSON line of what it saw; throws if an answer is not what its type says.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Problem = components["schemas"]["Problem"];

const [baseUrl, key] = process.argv.slice(2);
if (baseUrl === undefined || key === undefined) {
  throw new Error("usage: node dist/tour.js BASE_URL API_KEY");
}
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });

const created = await client.POST("/v1/assessments", {
  body: { stakeholder_type: "foreign_ministry", name: "TypeScript kit <i>ministry</i>" },
});
if (created.data === undefined || created.data.id === null) {
  throw new Error(`create: ${created.response.status}`);
}
const id: string = created.data.id;
const path = { assessment_id: id };

const read = await client.GET("/v1/assessments/{assessment_id}", { params: { path } });
if (read.data === undefined) {
  throw new Error(`read: ${read.response.status}`);
}

const memo = await client.GET("/v1/assessments/{assessment_id}/memo", {
  params: { path },
  parseAs: "text",
});
const html = await client.GET("/v1/assessments/{assessment_id}/memo", {
  params: { path },
  headers: { Accept: "text/html" },
  parseAs: "text",
});
if (memo.data === undefined || html.data === undefined) {
  throw new Error(`memo: ${memo.response.status} ${html.response.status}`);
}

const page = await client.GET("/v1/assessments", { params: { query: { limit: 5 } } });
if (page.data === undefined) {
  throw new Error(`list: ${page.response.status}`);
}

const invalid = await client.POST("/v1/assessments", {
  body: { stakeholder_type: "foreign_ministry", capacities: { military: 2 } },
});
if (invalid.error === undefined) {
  throw new Error("an out-of-range capacity was accepted");
}
const problem: Problem = invalid.error;
const problemErrors: Record<string, string[]> = {};
for (const [field, found] of Object.entries(problem.errors ?? {})) {
  problemErrors[field] = found.map((error) => error.code);
}

console.log(
  JSON.stringify({
    id,
    read_id: read.data.id,
    recommendations: read.data.recommendations.length,
    memo_first_line: memo.data.split("\n")[0],
    html_starts: html.data.slice(0, 40),
    listed: page.data.items.map((item) => item.id),
    problem_status: problem.status,
    problem_errors: problemErrors,
  }),
);
