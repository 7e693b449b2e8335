import express, { Router } from 'express';
import { dirname } from 'node:path';
import { yamlLibrary } from '../core/documents/yaml-file';
import type { OpenApiDocument } from '../core/documents/spec';
import { addSlash } from '../core/arrival/slash-redirect';
import { pageDocument } from './page-document';

/**
 * Swagger UI's asset folder, found without loading the package: its entry point requires the
 * 1.7 MB browser bundle, which the server never runs (start-up time and memory).
 */
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

/** A document the page shows, by the name of its API. */
export interface ServedDocument {
  name: string;
  doc: OpenApiDocument;
  /** Whether the mock's controls (Prefer, sessions) apply to its operations. */
  controlled: boolean;
}

function page(names: string[]): string {
  const sections = names.map((n) => `<section id="${n}"><div id="ui-${n}"></div></section>`).join('\n');
  const mounts = names
    .map((n) => `SwaggerUIBundle({ url: 'specs/${n}.openapi.yaml', dom_id: '#ui-${n}', displayOperationId: true, deepLinking: false, docExpansion: 'list', tryItOutEnabled: false });`)
    .join('\n    ');
  const links = names.map((n) => `<a href="#${n}">${n}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>regionmock: API reference</title>
  <link rel="stylesheet" href="assets/swagger-ui.css">
  <style>body { margin: 0; font-family: sans-serif; } nav { padding: 12px 20px; background: #1b1b1b; color: #fff; } nav a { color: #9fd; } section { border-bottom: 4px solid #eee; }</style>
</head>
<body>
  <nav><strong>regionmock</strong>: every document the mock serves: ${links}</nav>
  ${sections}
  <script src="assets/swagger-ui-bundle.js"></script>
  <script>
    ${mounts}
  </script>
</body>
</html>
`;
}

/**
 * /__docs: one interactive reference page for every document, with Swagger UI's assets served
 * from the package itself so that the page works offline.
 */
export function docsRouter(documents: ServedDocument[]): Router {
  const names = documents.map((d) => d.name);
  const html = page(names);
  // Written out as YAML when first asked for: the documents as the mock uses them, the admin
  // document with the vendor APIs filled in.
  const texts = new Map<string, string>();
  const specs = new Map(documents.map((d) => [`${d.name}.openapi.yaml`, pageDocument(d.doc, d.controlled)]));
  const router = Router();
  router.get('/__docs', addSlash('__docs'));
  router.get('/__docs/', (_req, res) => {
    res.type('html').send(html);
  });
  router.get('/__docs/specs/:file', (req, res) => {
    const file = req.params.file;
    const spec = specs.get(file);
    if (!spec) return void res.status(404).json({ error: 'not_found', message: `No document ${file}` });
    let text = texts.get(file);
    // Written plainly: a value used twice in the document is not made a YAML alias, which some tools refuse.
    if (text === undefined) texts.set(file, (text = yamlLibrary().stringify(spec, { aliasDuplicateObjects: false })));
    res.type('application/yaml').send(text);
  });
  router.use('/__docs/assets', express.static(SWAGGER_UI_DIR, { index: false }));
  return router;
}
