// Data the built package serves besides its code: circomlibjs's Poseidon constants, which its
// own package hides behind its `exports` map, for stones/verify in a browser
// (`import constants from 'stones/poseidon-constants.json'`).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const circomlibjs = join(dirname(createRequire(import.meta.url).resolve('circomlibjs')), '..');
mkdirSync(join(root, 'dist', 'assets'), { recursive: true });
copyFileSync(join(circomlibjs, 'src', 'poseidon_constants_opt.json'), join(root, 'dist', 'assets', 'poseidon-constants-opt.json'));
