import { configFromEnv } from '../../config.js';
import { startServer, stopOnSignals } from '../../server.js';
import { defineCommand, UsageError } from '../command.js';

export const serve = defineCommand({
  path: ['serve'],
  summary: 'Run the server, as npm start does, until SIGTERM or SIGINT',
  description: [
    'Opens the database (migrating it), makes the first API keys when there are none, and listens.',
    'PORT, HOST, LOG_LEVEL and the LEDGER_* variables are read as the server reads them (see the README);',
    'the options below take precedence. Logs are JSON lines on stdout.',
  ].join('\n'),
  options: {
    port: {
      type: 'string',
      value: '<port>',
      description: 'Port to listen on, 0 for a free one (default: PORT or 3000)',
    },
    host: { type: 'string', value: '<address>', description: 'Address to listen on (default: HOST or 127.0.0.1)' },
  },
  async run(context, { options }) {
    if (options.port !== undefined && !(/^\d{1,5}$/.test(options.port) && Number(options.port) <= 65535)) {
      throw new UsageError(`--port must be a number from 0 to 65535, not '${options.port}'`);
    }
    const config = configFromEnv({
      ...context.env,
      ...(options.port !== undefined ? { PORT: options.port } : {}),
      ...(options.host !== undefined ? { HOST: options.host } : {}),
    });
    const server = await startServer(config, context.stdout);
    return stopOnSignals(server, context.stop);
  },
});
