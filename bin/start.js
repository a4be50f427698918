#!/usr/bin/env node
// `npm start`: the built server, dist/main.js, in this process (a signal to it reaches the server).
// It does not compile; `npm run build` does.
import { importBuilt } from './built.js';

await importBuilt('main.js');
