import fs from 'node:fs';
import path from 'node:path';
import { DocumentNode, parse } from 'graphql';

/** Where the SDL files live: beside their resolvers (`npm run build` copies them into dist/). */
export function typesDir(): string {
  const dir = path.resolve(__dirname, 'types');
  if (!fs.existsSync(path.join(dir, 'base.graphql'))) throw new Error(`no SDL files in ${dir}`);
  return dir;
}

/** The SDL of one schema module: `src/graphql/types/<name>.graphql`. */
export function sdl(name: string, dir = typesDir()): DocumentNode {
  return parse(fs.readFileSync(path.join(dir, `${name}.graphql`), 'utf8'));
}

/** Every SDL file's name, base first (it holds the federation @link). */
export function sdlNames(dir = typesDir()): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => f.slice(0, -'.graphql'.length))
    .sort((a, b) => (a === 'base' ? -1 : b === 'base' ? 1 : a.localeCompare(b)));
}
