import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../services/auth/client-address.js';

/**
 * Behind reverse proxies the address that throttling counts is the one the outermost trusted
 * proxy saw: each proxy appends its peer to X-Forwarded-For, and whatever stands left of
 * that came from the client, who could otherwise claim a fresh address per request.
 */
describe('the client address behind reverse proxies', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('10.1.1.1', '203.0.113.7', 0)).toBe('10.1.1.1');
  });

  it('with one trusted proxy takes the entry that proxy appended, not one the client sent', () => {
    expect(clientAddress('10.1.1.1', '198.51.100.99, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientAddress('10.1.1.1', '203.0.113.7', 1)).toBe('203.0.113.7');
  });

  it('with two trusted proxies takes the second entry from the right', () => {
    expect(clientAddress('10.1.1.1', 'forged, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
  });

  it('falls back to the peer when the header is missing or empty', () => {
    expect(clientAddress('10.1.1.1', undefined, 1)).toBe('10.1.1.1');
    expect(clientAddress('10.1.1.1', ' , ', 1)).toBe('10.1.1.1');
  });
});
