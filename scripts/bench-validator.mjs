// The ceiling for the chosen stack with request validation: the bare handler of
// bench-bare.mjs behind express-openapi-validator checking requests against regionmock's two
// documents, with the options regionmock gives it. No state rules, journal, log, response
// check or error envelope. Started by bench.mjs; PORT from the environment.
import express from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { handlers } from './bench-bare.mjs';

const validator = (file) =>
  OpenApiValidator.middleware({
    apiSpec: parse(readFileSync(file, 'utf8')),
    validateApiSpec: false,
    validateRequests: { allErrors: true, allowUnknownQueryParameters: true },
    validateResponses: false,
    validateSecurity: false,
    ignoreUndocumented: true,
    fileUploader: false,
  });

const app = express();
app.use(express.json());
app.get('/__admin/health', (_req, res) => res.json({ status: 'ok' }));
app.use('/openapi', validator('spec/rainbond.openapi.yaml'));
app.use('/v2', validator('spec/kms.openapi.yaml'));
handlers(app);
app.use((err, _req, res, _next) => res.status(err.status ?? 500).json({ msg: err.message }));
app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${process.env.PORT}`));
