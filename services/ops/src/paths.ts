// Locations relative to this package, valid from src/ (tsx) and dist/ (node) alike:
// services/ops/{src,dist}/ → the repository (or image) root holding schemas/ and docs/.
import { resolve } from 'node:path';

export const rootDir = resolve(__dirname, '..', '..', '..');
export const defaultSchemaDir = resolve(rootDir, 'schemas');
