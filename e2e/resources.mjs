// A stand-in for data.gov.tw and the ministry's download service, so that the
// browser journeys can show real fitness cards without the internet: it
// answers data.gov.tw's dataset metadata for the bundled demo catalogue
// (assets/catalog/mol-snapshot.json) with every resource URL pointing here,
// and each CSV or JSON resource with six rows under its listed fields.
//
//   node e2e/resources.mjs PORT
//
// .ci/e2e starts it and gives the portal CATALOG_DATAGOV_URL=http://127.0.0.1:PORT;
// a data.gov.tw sync from the organisers' sync page then reads the cards.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOT = path.resolve(HERE, '..', 'assets', 'catalog', 'mol-snapshot.json');
const UPSTREAM = 'https://apiservice.mol.gov.tw';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node e2e/resources.mjs PORT');
  process.exit(2);
}
const base = `http://127.0.0.1:${port}`;

const split = (fields) =>
  String(fields || '')
    .split('、')
    .map((f) => f.trim())
    .filter(Boolean);

/** Six rows (one more than a card keeps) under `columns`, as CSV or JSON. */
function body(format, columns) {
  const rows = [1, 2, 3, 4, 5, 6].map((r) => columns.map((_, c) => `r${r}c${c + 1}`));
  switch (String(format).toUpperCase()) {
    case 'CSV':
      return ['text/csv; charset=utf-8', [columns, ...rows].map((r) => r.join(',')).join('\n') + '\n'];
    case 'JSON':
      return [
        'application/json',
        JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((name, c) => [name, r[c]])))),
      ];
    default:
      return null;
  }
}

const metadata = new Map();
const resources = new Map();
for (const record of JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'))) {
  metadata.set(
    String(record.datasetId),
    JSON.stringify({ success: true, result: record }).replaceAll(UPSTREAM, base),
  );
  for (const r of record.distribution || []) {
    const url = String(r.resourceDownloadUrl || '');
    if (!url.startsWith(UPSTREAM)) continue;
    const columns = split(r.resourceField).length ? split(r.resourceField) : split(record.fieldDescription);
    const answer = body(r.resourceFormat, columns);
    if (answer) resources.set(url.slice(UPSTREAM.length), answer);
  }
}

const server = http.createServer((req, res) => {
  const at = new URL(req.url, base).pathname;
  const meta = /^\/api\/v2\/rest\/dataset\/([^/]+)$/.exec(at);
  const found = meta
    ? metadata.has(meta[1]) && ['application/json', metadata.get(meta[1])]
    : resources.get(at);
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': found[0] }).end(found[1]);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`resources for ${metadata.size} demo datasets on ${base}`);
});
