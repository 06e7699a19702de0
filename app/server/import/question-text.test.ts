import { describe, expect, it } from 'vitest';
import { questionHash } from './question-text.js';

describe('questionHash', () => {
  it.each([
    ['Hoe leer ik lezen?', '  hoe leer  ik LEZEN? ', true],
    ['Hoe leer ik lezen?', 'Hoe leer ik rekenen?', false],
    ['ﬁnaliteit', 'finaliteit', true]
  ])('%j and %j are the same question: %s', (a, b, same) => {
    expect(questionHash(a) === questionHash(b)).toBe(same);
  });
});

describe('questionHash values', () => {
  it('stays the hash stored by earlier imports: SHA-256 of the NFKC, lower-case, whitespace-folded text', () => {
    // echo -n 'hoe leer ik breuken aan?' | sha256sum
    expect(questionHash(' Hoe  leer ik\tBREUKEN\u00a0aan?\n')).toBe(
      '18ddf17556605108bb8afaf72af56e4dcc9b1a505abd3a9b617b6de79635e982'
    );
  });
});
