#!/usr/bin/env node
import { startServer } from './index';

/** `npm start`: serves the built-in fixtures on PORT (default 4010) until stopped. */
startServer()
  .then((server) => {
    console.log(`regionmock listening on ${server.url}`);
    const stop = () => {
      server.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((err: Error) => {
    console.error(`regionmock: ${err.message}`);
    process.exit(1);
  });
