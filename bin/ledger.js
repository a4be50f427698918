#!/usr/bin/env node
import { importBuilt } from './built.js';

const { main } = await importBuilt('cli/main.js');
await main();
