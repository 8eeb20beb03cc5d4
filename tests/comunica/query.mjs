// Runs one SPARQL SELECT query with Comunica and prints the answer as SPARQL 1.1 Query
// Results JSON (https://www.w3.org/TR/sparql11-results-json/) on stdout.
//
//   node tests/comunica/query.mjs SOURCE QUERY
//
// SOURCE is `sparql@URL` for a SPARQL endpoint (the query is sent to it) or a plain URL of
// an RDF document that Comunica dereferences and queries itself. QUERY is the query text,
// or `@FILE` to read it from a file. Exit status 1 with the message on stderr on failure.
import { readFileSync } from 'node:fs';
import { QueryEngine } from '@comunica/query-sparql';

function source(spec) {
  return spec.startsWith('sparql@')
    ? { type: 'sparql', value: spec.slice('sparql@'.length) }
    : { type: 'file', value: spec };
}

function term(t) {
  if (t.termType === 'NamedNode') return { type: 'uri', value: t.value };
  if (t.termType === 'BlankNode') return { type: 'bnode', value: t.value };
  const out = { type: 'literal', value: t.value };
  if (t.language) out['xml:lang'] = t.language;
  else if (t.datatype && t.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') {
    out.datatype = t.datatype.value;
  }
  return out;
}

async function main(argv) {
  if (argv.length !== 2) {
    throw new Error('usage: node query.mjs SOURCE QUERY|@FILE');
  }
  const [spec, text] = argv;
  const query = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  const engine = new QueryEngine();
  const result = await engine.query(query, { sources: [source(spec)] });
  if (result.resultType !== 'bindings') {
    throw new Error(`not a SELECT query: ${result.resultType}`);
  }
  const { variables } = await result.metadata();
  const vars = variables.map((v) => (v.variable ?? v).value);
  const rows = await (await result.execute()).toArray();
  const bindings = rows.map((row) => {
    const out = {};
    for (const [variable, value] of row) out[variable.value] = term(value);
    return out;
  });
  process.stdout.write(JSON.stringify({ head: { vars }, results: { bindings } }) + '\n');
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
