// `node --import tsx bench/seed-large-db.ts CONFIG DB NEEDS_PER_BUILDING START`: fills the large database in a
// process of its own, so the benchmark's connections to the local API are not left idle behind a long blocking job.
import { loadConfig } from '../src/config/index.ts';
import { seedLargeDatabase } from './large-db.ts';

const [configFile, dbPath, perBuilding, start] = process.argv.slice(2);
if (!configFile || !dbPath || !perBuilding || !start)
  throw new Error('usage: seed-large-db.ts CONFIG DB NEEDS_PER_BUILDING START');
seedLargeDatabase(dbPath, loadConfig(configFile).config, Number(perBuilding), Date.parse(start));
