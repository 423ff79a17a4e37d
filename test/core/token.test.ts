/** Token identity: bot ids of hard-coded tokens, how keys read in messages, sameToken groups. */
import { describe, expect, it } from 'vitest';

import { botIdOf, describeTokenKey, findTokens, isBotIdKey, TokenGroups } from '../../src/core/token.js';

const SECRET = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

describe('botIdOf', () => {
  it('returns the digits before the colon of a whole token', () => {
    expect(botIdOf(`123456789:${SECRET}`)).toBe('123456789');
  });
  it('ignores surrounding whitespace', () => {
    expect(botIdOf(`  123456789:${SECRET}\n`)).toBe('123456789');
  });
  it('accepts - and _ in the secret', () => {
    // eslint-disable-next-line telegram-bot/no-hardcoded-token -- a made-up token: the input under test
    expect(botIdOf('5555555555:AAAA-BBBB_CCCC-DDDD_EEEE-FFFF_GG-HH')).toBe('5555555555');
  });
  it('rejects text that is not exactly a token', () => {
    expect(botIdOf(`https://api.telegram.org/bot123456789:${SECRET}/getMe`)).toBeUndefined();
    expect(botIdOf(`bot123456789:${SECRET}`)).toBeUndefined();
    expect(botIdOf('123456789:short')).toBeUndefined();
    expect(botIdOf(`1234:${SECRET}`)).toBeUndefined();
    expect(botIdOf(`1234567890123456:${SECRET}`)).toBeUndefined();
    expect(botIdOf(`123456789${SECRET}`)).toBeUndefined();
    expect(botIdOf('TELEGRAM_BOT_TOKEN')).toBeUndefined();
    expect(botIdOf('')).toBeUndefined();
  });
});

describe('isBotIdKey / describeTokenKey', () => {
  it('tells bot ids from env names', () => {
    expect(isBotIdKey('123456789')).toBe(true);
    expect(isBotIdKey('BOT_TOKEN')).toBe(false);
    expect(isBotIdKey('BOT_TOKEN_2')).toBe(false);
    expect(isBotIdKey('')).toBe(false);
  });
  it('names an env var as itself', () => {
    expect(describeTokenKey('TELEGRAM_BOT_TOKEN')).toBe('TELEGRAM_BOT_TOKEN');
  });
  it('names a hard-coded token by its bot id only', () => {
    expect(describeTokenKey('123456789')).toBe('hard-coded token of bot 123456789');
  });
  it('never shows more than the key it is given (the secret is never a key)', () => {
    const key = botIdOf(`987654321:${SECRET}`);
    expect(key).toBe('987654321');
    expect(describeTokenKey(key!)).not.toContain(SECRET);
  });
});

/** The partition of `names` that `groups` induces, as sorted lists (order-free comparison). */
function partition(groups: TokenGroups, names: readonly string[]): string[][] {
  const byCanonical = new Map<string, string[]>();
  for (const name of names) {
    const canonical = groups.canonical(name);
    byCanonical.set(canonical, [...(byCanonical.get(canonical) ?? []), name]);
  }
  return [...byCanonical.values()].map((members) => members.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('TokenGroups', () => {
  it('without groups every name is itself', () => {
    const groups = new TokenGroups();
    expect(groups.canonical('BOT_TOKEN')).toBe('BOT_TOKEN');
    expect(groups.overlap(['BOT_TOKEN'], ['BOT_TOKEN'])).toBe('BOT_TOKEN');
    expect(groups.overlap(['BOT_TOKEN'], ['ADMIN_TOKEN'])).toBeUndefined();
  });

  it('makes the names of one group one token', () => {
    const groups = new TokenGroups([['ADMIN_TOKEN', 'BOT_TOKEN']]);
    expect(groups.canonical('ADMIN_TOKEN')).toBe(groups.canonical('BOT_TOKEN'));
    expect(['ADMIN_TOKEN', 'BOT_TOKEN']).toContain(groups.canonical('BOT_TOKEN'));
    // The key reported is the first argument's own name.
    expect(groups.overlap(['BOT_TOKEN'], ['ADMIN_TOKEN'])).toBe('BOT_TOKEN');
    expect(groups.overlap(['ADMIN_TOKEN'], ['BOT_TOKEN'])).toBe('ADMIN_TOKEN');
  });

  it('never merges names of different groups or names outside every group', () => {
    const groups = new TokenGroups([['ADMIN_TOKEN', 'BOT_TOKEN'], ['SUPPORT_TOKEN', 'HELPDESK_TOKEN']]);
    expect(groups.overlap(['ADMIN_TOKEN'], ['SUPPORT_TOKEN'])).toBeUndefined();
    expect(groups.overlap(['BOT_TOKEN'], ['HELPDESK_TOKEN'])).toBeUndefined();
    expect(groups.overlap(['BOT_TOKEN'], ['OTHER_TOKEN'])).toBeUndefined();
    expect(groups.canonical('OTHER_TOKEN')).toBe('OTHER_TOKEN');
  });

  it('unknown (empty) key sets never overlap', () => {
    const groups = new TokenGroups([['A', 'B']]);
    expect(groups.overlap([], ['A'])).toBeUndefined();
    expect(groups.overlap(['A'], [])).toBeUndefined();
    expect(groups.overlap([], [])).toBeUndefined();
  });

  it('finds an overlap anywhere in the key sets', () => {
    const groups = new TokenGroups([['B', 'Y']]);
    expect(groups.overlap(['A', 'B'], ['X', 'Y'])).toBe('B');
    expect(groups.overlap(['A', 'C'], ['X', 'Y'])).toBeUndefined();
  });

  it('joins groups that share a name, in any order', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const links = [['A', 'B'], ['C', 'D'], ['B', 'C'], ['E', 'F']];
    const expected = [['A', 'B', 'C', 'D'], ['E', 'F']];
    // Every order of the groups, and the names inside each group reversed.
    const orders = permutations(links);
    expect(orders).toHaveLength(24);
    for (const order of orders) {
      expect(partition(new TokenGroups(order), names)).toEqual(expected);
      expect(partition(new TokenGroups(order.map((group) => [...group].reverse())), names)).toEqual(expected);
    }
  });

  it('joins through a name whose group root sorts last', () => {
    // The first group's root is B; the second group brings A, which sorts first.
    const groups = new TokenGroups([['B', 'Z'], ['A', 'Z']]);
    expect(partition(groups, ['A', 'B', 'Z'])).toEqual([['A', 'B', 'Z']]);
  });

  it('canonical keys are names of the group', () => {
    const groups = new TokenGroups([['Y', 'X'], ['Z', 'Y']]);
    for (const name of ['X', 'Y', 'Z']) expect(['X', 'Y', 'Z']).toContain(groups.canonical(name));
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe('the token shape is bounded', () => {
  it('a 35-character secret is a token; a longer run of token characters is not', () => {
    const secret = 'A'.repeat(35);
    expect(findTokens(`x 123456789:${secret} y`).map((match) => match.botId)).toEqual(['123456789']);
    // `timestamp:sha1` is 40 hex characters after the colon: not a token.
    expect(findTokens('1700000000:da39a3ee5e6b4b0d3255bfef95601890afd80709')).toEqual([]);
    expect(botIdOf(`123456789:${secret}A`)).toBeUndefined();
  });

  it('findTokens is stateless across calls', () => {
    const text = `123456789:${'B'.repeat(35)}`;
    expect(findTokens(text)).toHaveLength(1);
    expect(findTokens(text)).toHaveLength(1);
  });
});
