// The WGSL template expander behind the unrolled matmul/matvec kernels (pure TS; lives
// beside the kernel tests it serves). Milliseconds.
import { describe, expect, it } from 'vitest';
import { evaluate, expandTemplate } from '../../src/kernels/matmul_template';

describe('matmul template', () => {
  it('unrolls loops, nests them, substitutes expressions and picks branches', () => {
    const src = ['//#for i in 0..R', '//#for j in 0..2', 'a${i * 2 + j} = ${i}u;', '//#endfor', '//#endfor', '//#if F', 'f', '//#elif G', 'g', '//#else', 'h', '//#endif'].join('\n');
    expect(expandTemplate(src, { R: 2, F: false, G: true })).toBe(['a0 = 0u;', 'a1 = 0u;', 'a2 = 1u;', 'a3 = 1u;', 'g'].join('\n'));
    expect(expandTemplate(src, { R: 0, F: false, G: false })).toBe('h');
    expect(expandTemplate('//#if !F\nx\n//#endif', { F: false })).toBe('x');
  });

  it('evaluates integer expressions with floor division', () => {
    expect(evaluate('(i / 4) % SG + 2 * -1', { i: 13, SG: 8 })).toBe(1);
    expect(evaluate('TM/(4*SG)', { TM: 32, SG: 8 })).toBe(1);
  });

  it('reports template mistakes', () => {
    expect(() => expandTemplate('${X}', {})).toThrow(/undefined name "X"/);
    expect(() => expandTemplate('//#if Y\n//#endif', {})).toThrow(/undefined define "Y"/);
    expect(() => expandTemplate('//#for i in 0..2\nx', {})).toThrow(/no \/\/#endfor/);
    expect(() => evaluate('1 +', {})).toThrow(/truncated/);
  });
});
