import { DateDay, Float64, Utf8, makeData, type Data } from 'apache-arrow';

/**
 * Arrow column data built by hand: apache-arrow's generic builders (vectorFromArray) take
 * about 25 us per thousand strings, which made a million-trip file take 9 s; one UTF-8
 * encode of the whole column and a pass over the lengths is about ten times faster.
 */
export function utf8ColumnData(values: readonly (string | null)[]): Data<Utf8> {
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  const present: string[] = [];
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nullCount += 1;
      offsets[i + 1] = offsets[i]!;
    } else {
      present.push(value);
      offsets[i + 1] = offsets[i]! + value.length;
    }
  }
  const text = present.join('');
  const bytes = Buffer.from(text, 'utf8');
  // Equal lengths mean pure ASCII, where a character is a byte; otherwise count bytes per value.
  if (bytes.length !== text.length) fillUtf8Offsets(values, offsets);
  return makeData({ type: new Utf8(), length, nullCount, valueOffsets: offsets, data: bytes, nullBitmap: validityBitmap(values, nullCount) });
}

export function float64ColumnData(values: readonly (number | null)[]): Data<Float64> {
  const length = values.length;
  const numbers = new Float64Array(length);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) nullCount += 1;
    else numbers[i] = value;
  }
  return makeData({ type: new Float64(), length, nullCount, data: numbers, nullBitmap: validityBitmap(values, nullCount) });
}

function fillUtf8Offsets(values: readonly (string | null)[], offsets: Int32Array): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    offsets[i + 1] = offsets[i]! + (value === null || value === undefined ? 0 : Buffer.byteLength(value, 'utf8'));
  }
}

/** Arrow's validity bitmap (bit set = value present, least significant bit first); none when no nulls. */
function validityBitmap(values: readonly unknown[], nullCount: number): Uint8Array | undefined {
  if (nullCount === 0) return undefined;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return bitmap;
}

/** A date column (Arrow DateDay: days since 1970-01-01 as int32), from epoch days. */
export function dateDayColumnData(epochDays: readonly (number | null)[]): Data<DateDay> {
  const length = epochDays.length;
  const days = new Int32Array(length);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = epochDays[i];
    if (value === null || value === undefined) nullCount += 1;
    else days[i] = value;
  }
  return makeData({ type: new DateDay(), length, nullCount, data: days, nullBitmap: validityBitmap(epochDays, nullCount) });
}
