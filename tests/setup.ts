import fc from 'fast-check';

// property tests are deterministic by default (a red run can be rerun); FC_SEED=<n> explores other inputs
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261128), numRuns: 300 });
