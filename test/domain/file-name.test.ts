import { describe, expect, it } from 'vitest';
import { cleanFileName, MAX_FILE_NAME_LENGTH } from '../../domain/file-name.js';
import { textProblem } from '../../domain/text-rules.js';

describe('cleanFileName', () => {
  const cases: [string, string][] = [
    ['Приказ № 12 от 01.12.2026.pdf', 'Приказ № 12 от 01.12.2026.pdf'],
    ['../../etc/passwd.pdf', 'passwd.pdf'],
    ['C:\\Users\\Иван\\отчёт.pdf', 'отчёт.pdf'],
    ['dir/', 'dir'],
    ['a\u0000b.pdf', 'a b.pdf'],
    ['строка\r\nвторая\tтретья\u001b[31m.pdf', 'строка вторая третья [31m.pdf'],
    ['\u0085пробел\u2028.pdf', 'пробел.pdf'],
    ['exe\u202Efdp.pdf', 'exefdp.pdf'],
    ['zero\u200Bwidth.pdf', 'zerowidth.pdf'],
    ['\ud800.pdf', '\ufffd.pdf'],
    ['.pdf', 'файл.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['...', 'файл'],
    ['', 'файл'],
    ['  отчёт  .pdf  ', 'отчёт.pdf'],
    ['e\u0301.pdf', '\u00e9.pdf'],
  ];
  it.each(cases)('%j → %j', (given, clean) => {
    expect(cleanFileName(given)).toBe(clean);
  });

  it('bounds the length, keeping the extension and never splitting a surrogate pair', () => {
    const long = cleanFileName(`${'😀'.repeat(20_000)}.pdf`);
    expect(long.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('😀.pdf')).toBe(true);
    expect(textProblem(long, false)).toBeNull();
  });

  it('always yields a single-line text the schemas accept', () => {
    for (let c = 0; c < 0x10000; c += 7) {
      const name = cleanFileName(`a${String.fromCharCode(c)}b${String.fromCharCode(0xffff - c)}.pdf`);
      expect(textProblem(name, false), JSON.stringify(name)).toBeNull();
      expect(name.length).toBeGreaterThan(0);
    }
  });
});
