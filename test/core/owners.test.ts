/** compileOwners / ownerOfToken: module paths, globs, token keys, owners without `token`. */
import { describe, expect, it } from 'vitest';

import { compileOwners, DEFAULT_EXPORT_NAME, ownerOfToken } from '../../src/core/owners.js';
import { TokenGroups } from '../../src/core/token.js';

const BASE = '/repo';
const none = new TokenGroups();

function owner(module: string, extra: { token?: string | string[]; export?: string } = {}, groups = none) {
  const [compiled] = compileOwners([{ module, ...extra }], BASE, groups);
  return compiled!;
}

describe('compileOwners', () => {
  it('resolves a relative module against the base directory, not process.cwd()', () => {
    const compiled = owner('src/bot.ts');
    expect(compiled.absolute).toBe('/repo/src/bot.ts');
    expect(compiled.module).toBe('src/bot.ts');
    expect(compiled.isGlob).toBe(false);
    expect(compiled.tokens).toBeUndefined();
    expect(compiled.exportName).toBe(DEFAULT_EXPORT_NAME);
    expect(DEFAULT_EXPORT_NAME).toBe('bot');
  });

  it('normalizes ./ and ../ segments', () => {
    expect(owner('./src/../src/bot.ts').absolute).toBe('/repo/src/bot.ts');
  });

  it('keeps an absolute module', () => {
    expect(owner('/elsewhere/bot.ts').absolute).toBe('/elsewhere/bot.ts');
  });

  it('takes the export name', () => {
    expect(owner('src/bot.ts', { export: 'telegram' }).exportName).toBe('telegram');
  });

  it('takes one token or a list, canonicalized by the groups', () => {
    expect(owner('src/bot.ts', { token: 'BOT_TOKEN' }).tokens).toEqual(['BOT_TOKEN']);
    expect(owner('src/bot.ts', { token: ['A_TOKEN', 'B_TOKEN'] }).tokens).toEqual(['A_TOKEN', 'B_TOKEN']);
    const groups = new TokenGroups([['ADMIN_TOKEN', 'BOT_TOKEN']]);
    expect(owner('src/bot.ts', { token: 'BOT_TOKEN' }, groups).tokens).toEqual([groups.canonical('ADMIN_TOKEN')]);
  });

  describe('matches', () => {
    it('a module with extension: that file', () => {
      const compiled = owner('src/bot.ts');
      expect(compiled.matches('/repo/src/bot.ts')).toBe(true);
      expect(compiled.matches('/repo/src/bot/index.ts')).toBe(false);
      expect(compiled.matches('/repo/lib/bot.ts')).toBe(false);
      expect(compiled.matches('/repo/src/bot.ts.bak')).toBe(false);
      expect(compiled.matches('/repo/src/robot.ts')).toBe(false);
    });

    it('a module without extension: any source extension, or the folder index', () => {
      const compiled = owner('src/bot');
      for (const file of ['bot.ts', 'bot.js', 'bot.mjs', 'bot.cjs', 'bot.mts', 'bot.cts', 'bot.tsx', 'bot.jsx', 'bot/index.ts', 'bot/index.js']) {
        expect(compiled.matches(`/repo/src/${file}`), file).toBe(true);
      }
      for (const file of ['botty.ts', 'bot/handlers.ts', 'bot/index/x.ts', 'bot.json', 'bot.d/index.ts', 'sub/bot.ts']) {
        expect(compiled.matches(`/repo/src/${file}`), file).toBe(false);
      }
    });

    it('a dotted name without a source extension is a module without extension', () => {
      const compiled = owner('src/bot.service');
      expect(compiled.matches('/repo/src/bot.service.ts')).toBe(true);
      expect(compiled.matches('/repo/src/bot.ts')).toBe(false);
    });

    it('a glob: minimatch against the absolute path, dot folders included', () => {
      const compiled = owner('apps/*/src/**/bot.ts');
      expect(compiled.isGlob).toBe(true);
      expect(compiled.absolute).toBe('/repo/apps/*/src/**/bot.ts');
      expect(compiled.matches('/repo/apps/admin/src/bot.ts')).toBe(true);
      expect(compiled.matches('/repo/apps/admin/src/a/b/bot.ts')).toBe(true);
      expect(compiled.matches('/repo/apps/.hidden/src/bot.ts')).toBe(true);
      expect(compiled.matches('/repo/apps/admin/lib/bot.ts')).toBe(false);
      expect(compiled.matches('/other/apps/admin/src/bot.ts')).toBe(false);
    });

    it('each glob character makes a glob', () => {
      for (const module of ['src/*.ts', 'src/bo?.ts', 'src/[ab]ot.ts', 'src/{bot,admin}.ts']) {
        expect(owner(module).isGlob, module).toBe(true);
      }
      expect(owner('src/{bot,admin}.ts').matches('/repo/src/admin.ts')).toBe(true);
    });
  });
});

describe('ownerOfToken', () => {
  const groups = new TokenGroups([['ADMIN_TOKEN', 'STAFF_TOKEN']]);
  const owners = compileOwners(
    [
      { module: 'src/bot.ts' },
      { module: 'src/admin.ts', token: 'ADMIN_TOKEN' },
      { module: 'src/iae.ts', token: ['IAE_TOKEN', '123456789'] },
    ],
    BASE,
    groups,
  );

  /** src/bot.ts (no `token`) polls BOT_TOKEN, and ADMIN_TOKEN too. */
  const polledBy = (owner: (typeof owners)[number]) => new Set(owner.module === 'src/bot.ts' ? ['BOT_TOKEN', 'ADMIN_TOKEN'] : []);

  it('the owner that names the key wins over an owner without token listed before it, even one that polls it', () => {
    expect(ownerOfToken(owners, 'ADMIN_TOKEN', { polledBy })?.module).toBe('src/admin.ts');
    expect(ownerOfToken(owners, 'ADMIN_TOKEN', { polledBy, creationFile: '/repo/src/bot.ts' })?.module).toBe('src/admin.ts');
    expect(ownerOfToken(owners, 'IAE_TOKEN')?.module).toBe('src/iae.ts');
    expect(ownerOfToken(owners, '123456789')?.module).toBe('src/iae.ts');
  });

  it('an owner without token owns the keys its module polls, and nothing else', () => {
    expect(ownerOfToken(owners, 'BOT_TOKEN', { polledBy })?.module).toBe('src/bot.ts');
    expect(ownerOfToken(owners, 'OTHER_TOKEN', { polledBy })).toBeUndefined();
    // Nothing known of what its module polls: it owns no key.
    expect(ownerOfToken(owners, 'BOT_TOKEN')).toBeUndefined();
  });

  it('an owner without token owns the bots its own module creates, whatever their key', () => {
    expect(ownerOfToken(owners, 'OTHER_TOKEN', { polledBy, creationFile: '/repo/src/bot.ts' })?.module).toBe('src/bot.ts');
    expect(ownerOfToken(owners, 'OTHER_TOKEN', { polledBy, creationFile: '/repo/src/other.ts' })).toBeUndefined();
  });

  it('expects canonical keys: a grouped name finds its group\'s owner once canonicalized', () => {
    expect(ownerOfToken(owners, groups.canonical('STAFF_TOKEN'))?.module).toBe('src/admin.ts');
  });

  it('without an owner that polls it, an unnamed key has no owner', () => {
    const named = owners.filter((candidate) => candidate.tokens !== undefined);
    expect(ownerOfToken(named, 'OTHER_TOKEN', { polledBy })).toBeUndefined();
    expect(ownerOfToken(named, 'BOT_TOKEN', { polledBy })).toBeUndefined();
    expect(ownerOfToken([], 'OTHER_TOKEN')).toBeUndefined();
  });
});
