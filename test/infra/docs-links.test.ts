import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * README.md is the newcomer's page and docs/ the reference: a relative link that
 * points nowhere is a dead end for exactly the reader who needs it, so every one
 * of them must name a file (or folder) that exists in the repository.
 */
const root = path.resolve(__dirname, '../..');
const markdownFiles = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f)),
];

/** Links outside code: `[text](target)`, with fenced and inline code removed first. */
export const relativeLinks = (markdown: string): string[] =>
  [...markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1])
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));

describe('links in README.md and docs/', () => {
  it('finds links to check (the docs index in the README)', () => {
    expect(relativeLinks(readFileSync(path.join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(5);
  });

  it('ignores external links and anchors, and catches a dead relative one', () => {
    expect(relativeLinks('[a](https://x.org) [b](#part) [c](docs/nope.md) `[d](e.md)`')).toEqual(['docs/nope.md']);
  });

  for (const file of markdownFiles) {
    it(`every relative link in ${file} points at a file that exists`, () => {
      const dead = relativeLinks(readFileSync(path.join(root, file), 'utf8')).filter((target) => {
        const withoutAnchor = decodeURI(target.split('#')[0]);
        return !existsSync(path.resolve(path.dirname(path.join(root, file)), withoutAnchor));
      });
      expect(dead).toEqual([]);
    });
  }
});
