import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDateFormat, detectNumberLocale, errorCodeOf, excelSerialToMs, isMissingText, parseDate, parseNumber } from './cells';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, m - 1, d, h, mi, s);

describe('parseNumber', () => {
  it('reads plain ASCII numbers exactly like the engine', () => {
    for (const t of ['0', '-0.5', '+3', '12.', '.5', '5.827000141143799', '30.5310001373291', '1e3', '-2.5E-3', '123456789012345678', '0.1', '9007199254740993'])
      expect(parseNumber(t)).toBe(Number(t));
  });
  it('agrees with Number() on arbitrary decimal strings (fast path exactness)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const t = String(v);
        expect(Object.is(parseNumber(t), Number(t)) || (v === 0 && parseNumber(t) === 0)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,20}(\.\d{0,20})?$/), (t) => {
        expect(parseNumber(t)).toBe(Number(t));
      }),
    );
  });
  it('rejects what is not a number', () => {
    for (const t of ['', ' ', 'abc', '1-2', '--1', 'e5', '.', '1e', 'Infinity', '1e999', '0x10', '12abc', '1.2.3', '(12'])
      expect(parseNumber(t), t).toBeNaN();
  });
  it('handles spaces, signs, currency, percent and accounting negatives', () => {
    expect(parseNumber('  12.5 ')).toBe(12.5);
    expect(parseNumber('−4')).toBe(-4);
    expect(parseNumber('$1,234.50', '.', ',')).toBe(1234.5);
    expect(parseNumber('-$12')).toBe(-12);
    expect(parseNumber('€ 12,50', ',', '.')).toBe(12.5);
    expect(parseNumber('12,50 €', ',', '.')).toBe(12.5);
    expect(parseNumber('£3')).toBe(3);
    expect(parseNumber('12%')).toBe(12);
    expect(parseNumber('(12.5)')).toBe(-12.5);
    expect(parseNumber('($1,000)', '.', ',')).toBe(-1000);
  });
  it('reads both locales with grouping', () => {
    expect(parseNumber('1.234,56', ',', '.')).toBe(1234.56);
    expect(parseNumber('1 234,56', ',', ' ')).toBe(1234.56);
    expect(parseNumber('1\u00a0234,56', ',', '')).toBe(1234.56);
    expect(parseNumber('1\u202f234\u202f567,5', ',', '')).toBe(1234567.5);
    expect(parseNumber("1'234.56", '.', "'")).toBe(1234.56);
    expect(parseNumber('1,234,567.25', '.', ',')).toBe(1234567.25);
    expect(parseNumber('1,5', ',', '.')).toBe(1.5);
    expect(parseNumber('-1,5e3', ',', '')).toBe(-1500);
  });
  it('never misreads a separator of the other locale', () => {
    expect(parseNumber('1,234', '.', '')).toBeNaN();
    expect(parseNumber('1.5', ',', '.')).toBeNaN(); // not a 3-digit group
    expect(parseNumber('1,23,456', '.', ',')).toBeNaN();
    expect(parseNumber('1234,567', '.', ',')).toBeNaN();
    expect(parseNumber('1.234', ',', '')).toBeNaN();
  });
});

describe('detectNumberLocale', () => {
  it('finds a decimal comma', () => {
    expect(detectNumberLocale(['1,5', '12,75', '3'])).toMatchObject({ decimal: ',', thousands: '' });
    expect(detectNumberLocale(['1.234,5', '2,25'])).toMatchObject({ decimal: ',', thousands: '.' });
    expect(detectNumberLocale(['1 234,5', '7,1'])).toMatchObject({ decimal: ',', thousands: ' ' });
  });
  it('finds a decimal point with thousands commas', () => {
    expect(detectNumberLocale(['1,234.5', '2.5'])).toMatchObject({ decimal: '.', thousands: ',' });
    expect(detectNumberLocale(['1,234,567'])).toMatchObject({ decimal: '.', thousands: ',' });
    expect(detectNumberLocale(["1'234.5"])).toMatchObject({ decimal: '.', thousands: "'" });
    expect(detectNumberLocale(['1.5', '2016-07-01', 'abc', '2.25'])).toEqual({ decimal: '.', thousands: '', ambiguous: null });
  });
  it('reads ambiguous "1,234" as thousands unless the dialect prefers a decimal comma', () => {
    expect(detectNumberLocale(['1,234', '5,678', '12'])).toEqual({ decimal: '.', thousands: ',', ambiguous: '1,234' });
    expect(detectNumberLocale(['1,234', '5,678'], ',')).toMatchObject({ decimal: ',', ambiguous: '1,234' });
    expect(detectNumberLocale(['1,234', '0,5'])).toMatchObject({ decimal: ',' });
    expect(detectNumberLocale(['1.234'])).toEqual({ decimal: '.', thousands: '', ambiguous: '1.234' });
  });
  it('ignores dates', () => {
    expect(detectNumberLocale(['01.07.2016', '02.07.2016', '3,5'])).toMatchObject({ decimal: ',' });
  });
});

describe('missing markers and error codes', () => {
  it('knows the usual markers', () => {
    for (const t of ['', '  ', 'NA', 'n/a', 'NaN', 'null', '-', '—']) expect(isMissingText(t), t).toBe(true);
    for (const t of ['0', 'abc', '#N/A']) expect(isMissingText(t), t).toBe(false);
  });
  it('recognises spreadsheet error codes exactly', () => {
    for (const t of ['#N/A', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!']) expect(errorCodeOf(t)).toBe(t);
    expect(errorCodeOf('#N/A ')).toBe('#N/A');
    expect(errorCodeOf('#hello')).toBeNull();
  });
});

describe('dates', () => {
  const read = (samples: string[]) => {
    const f = detectDateFormat(samples);
    expect(f, samples[0]).not.toBeNull();
    return samples.map((s) => parseDate(s, f!));
  };
  it('reads ISO forms with times and offsets', () => {
    expect(read(['2016-07-01', '2016-07-02'])).toEqual([utc(2016, 7, 1), utc(2016, 7, 2)]);
    expect(read(['2016-07-01 00:00:00', '2016-07-01 13:45:10'])).toEqual([utc(2016, 7, 1), utc(2016, 7, 1, 13, 45, 10)]);
    expect(read(['2016-07-01T00:00:00Z', '2016-07-01T02:00:00+02:00', '2016-07-01T00:30:00.250-01:30'])).toEqual([
      utc(2016, 7, 1), utc(2016, 7, 1), utc(2016, 7, 1, 2, 0) + 250,
    ]);
    expect(read(['2016/07/01'])).toEqual([utc(2016, 7, 1)]);
    expect(read(['2016-07-01 1:05 PM'])).toEqual([utc(2016, 7, 1, 13, 5)]);
  });
  it('decides day-first or month-first from the samples, day-first when undecidable', () => {
    const dmy = detectDateFormat(['01/07/2016', '13/07/2016']);
    expect(dmy).toMatchObject({ shape: 'dmy', ambiguous: false });
    expect(parseDate('01/07/2016', dmy!)).toBe(utc(2016, 7, 1));
    const mdy = detectDateFormat(['07/01/2016', '07/13/2016']);
    expect(mdy).toMatchObject({ shape: 'mdy', ambiguous: false });
    expect(parseDate('07/01/2016', mdy!)).toBe(utc(2016, 7, 1));
    const amb = detectDateFormat(['01/07/2016', '02/07/2016']);
    expect(amb).toMatchObject({ shape: 'dmy', ambiguous: true });
    expect(detectDateFormat(['01/07/2016'], 'mdy')).toMatchObject({ shape: 'mdy' });
    expect(read(['01.07.2016', '31.12.2016'])).toEqual([utc(2016, 7, 1), utc(2016, 12, 31)]);
    expect(detectDateFormat(['01.07.2016', '02.07.2016'])).toMatchObject({ shape: 'dmy', ambiguous: false });
    expect(read(['01/07/16 10:00'])).toEqual([utc(2016, 7, 1, 10)]);
  });
  it('reads month names, months and quarters', () => {
    expect(read(['1-Jul-2016', '15-Aug-2016'])).toEqual([utc(2016, 7, 1), utc(2016, 8, 15)]);
    expect(read(['Jul 2016', 'Aug 2016'])).toEqual([utc(2016, 7, 1), utc(2016, 8, 1)]);
    expect(read(['July 2016', 'September 2016'])).toEqual([utc(2016, 7, 1), utc(2016, 9, 1)]);
    expect(read(['Jul 1, 2016'])).toEqual([utc(2016, 7, 1)]);
    expect(read(['1. März 2016'])).toEqual([utc(2016, 3, 1)]);
    expect(read(['2016-07', '2016-12'])).toEqual([utc(2016, 7, 1), utc(2016, 12, 1)]);
    expect(read(['2016Q3', '2016Q4'])).toEqual([utc(2016, 7, 1), utc(2016, 10, 1)]);
    expect(read(['2016-Q3', '2017-Q1'])).toEqual([utc(2016, 7, 1), utc(2017, 1, 1)]);
    expect(read(['Q3 2016', 'Q1 2017'])).toEqual([utc(2016, 7, 1), utc(2017, 1, 1)]);
  });
  it('reads times of day alone on 1970-01-01', () => {
    expect(read(['00:15', '23:59'])).toEqual([utc(1970, 1, 1, 0, 15), utc(1970, 1, 1, 23, 59)]);
    expect(read(['12:30:15'])).toEqual([utc(1970, 1, 1, 12, 30, 15)]);
  });
  it('refuses numbers, impossible dates and mixed garbage', () => {
    expect(detectDateFormat(['1.5', '2.25'])).toBeNull();
    expect(detectDateFormat(['2016', '2017'])).toBeNull();
    expect(detectDateFormat(['1,234', '5,678'])).toBeNull();
    expect(detectDateFormat(['hello', 'world'])).toBeNull();
    expect(detectDateFormat(['2016-07-01', 'x', 'y'])).toBeNull();
    const f = detectDateFormat(['2016-07-01'])!;
    expect(parseDate('2016-02-30', f)).toBeNaN();
    expect(parseDate('2016-13-01', f)).toBeNaN();
    expect(parseDate('2016-07-01 25:00', f)).toBeNaN();
    expect(parseDate('07/01/2016', f)).toBeNaN();
    expect(parseDate('2016-02-29', f)).toBe(utc(2016, 2, 29));
  });
});

describe('excelSerialToMs', () => {
  it('follows the 1900 system including the fictitious 1900-02-29', () => {
    expect(excelSerialToMs(1, false)).toBe(utc(1900, 1, 1));
    expect(excelSerialToMs(59, false)).toBe(utc(1900, 2, 28));
    expect(excelSerialToMs(60, false)).toBeNaN();
    expect(excelSerialToMs(61, false)).toBe(utc(1900, 3, 1));
    expect(excelSerialToMs(42552, false)).toBe(utc(2016, 7, 1));
    expect(excelSerialToMs(42552.75, false)).toBe(utc(2016, 7, 1, 18));
  });
  it('follows the 1904 system', () => {
    expect(excelSerialToMs(0, true)).toBe(utc(1904, 1, 1));
    expect(excelSerialToMs(42552 - 1462, true)).toBe(utc(2016, 7, 1));
  });
  it('rounds float noise away to whole seconds', () => {
    const serial = 42552 + (13 * 3600 + 45 * 60 + 10) / 86400; // 13:45:10, inexact in binary
    expect(excelSerialToMs(serial, false)).toBe(utc(2016, 7, 1, 13, 45, 10));
    expect(excelSerialToMs(serial + 1e-9, false)).toBe(utc(2016, 7, 1, 13, 45, 10));
    expect(excelSerialToMs(-1, false)).toBeNaN();
    expect(excelSerialToMs(NaN, false)).toBeNaN();
  });
});
