/*
 * Generates the WebAssembly text of the array-literal parser's number reader: `npm run build:wasm`
 * assembles it (build.ts) into src/io/literal/numbers.generated.ts; a test checks that the
 * committed module equals a fresh build. The driver is src/io/literal/plainNumbers.ts.
 *
 * `items(at, end, out, max)` reads the body of a large literal, `1.5, -2, 3e-4, …`, from ASCII
 * bytes in [at, end), which the driver follows with a 0 byte (every loop stops there, so no loop
 * compares with `end`): items that are a plain number (optionally `-` touching it) with spaces or
 * tabs around it, each followed by a comma, exactly what the scanner's JS fast path
 * (src/io/literal/scan.ts, plainItems) reads. It stores up to `max` values as f64 at `out`, and
 * returns how many it read. It stops BEFORE an item it cannot finish here, and leaves that item
 * to the JS path: anything that is not a plain item (a line break, a bracket, `_`, the last item
 * before `]`), an item that runs into `end` (the bytes may stop short of the text), and a number
 * whose value it cannot give exactly. A fraction's digits are read eight or four at a time
 * where that many follow (a float32 repr's fraction is one step, `0.1234`'s one too).
 *
 * Exactness: the digits, dot removed, make an integer m, summed exactly in a u64 (more than 19
 * significant digits, which might not fit, stop the reader; zeros before the first other digit
 * do not count); the value is m·10^p with p the exponent minus the digits after the dot.
 * - m = 0: ±0, whatever p.
 * - Clinger's fast path: when m < 2^53 (exact as a double) and |p| ≤ 22 (10^p exact as a double),
 *   one IEEE multiplication or division rounds once: the correctly rounded double, and the same
 *   operation the JS path does.
 * - Eisel–Lemire otherwise (Lemire, "Number Parsing at a Gigabyte per Second", §5–7; Go's
 *   strconv eiselLemire64, line for line): m, shifted to a top bit of 63, times the 128 leading
 *   bits of 10^p rounded down (a table for p in EISEL_LEMIRE_Q: 1.6 KB; the rest is the JS path's),
 *   the 64×64→128 products built from 32-bit halves. The high 64 bits of 10^p are short of it by
 *   less than 1, so the product is short by less than m; only when its bits below the 54 kept
 *   could carry into them is the low word's product added. Unless the bits still could, or the
 *   value may lie exactly halfway between two doubles, those 54 bits round to the correctly
 *   rounded double. Exact ties are decided where the product is exact (0 ≤ p ≤ 27: 5^p < 2^64),
 *   to even as IEEE does. Subnormal and infinite results are the JS path's.
 * - Undecided by Eisel–Lemire, in practice a double written exactly with digits after the dot
 *   (3393675884816671.5, 1234567890123456.0: from about 1e14 to 2^53 only; a rounded-down 10^p
 *   makes those look undecided) or such a midpoint: when -22 ≤ p < 0 and 5^-p divides m, the
 *   value is n·2^p with n = m / 5^-p, so one rounding of n to a double (f64.convert_i64_u),
 *   scaled exactly by 2^p, is the correctly rounded value. Anything else is the JS path's.
 * Either way the value is the correctly rounded double, as JavaScript's Number(text) and Python's
 * float(text) give it; test/io/literal-numbers-float64.test.ts checks ~1.2 million of them.
 *
 * After a call, memory holds at STATE: [0] where reading stopped (after the last comma read),
 * [4] the last item's start (its `-` or first digit), [8] 1 when that item had a `-`, [12] its comma.
 */

/**
 * Byte offsets of the module's fixed areas; the driver (plainNumbers.ts) copies text to `window`,
 * which the module exports as the global `window`, and keeps the rest for itself.
 */
export const NUMBERS_LAYOUT = { state: 0, pow10: 64, pow5: 256, window: 4096, memoryPages: 4 } as const;

/** The exponents p of m·10^p that Eisel–Lemire's table covers (about 1e-44 to 1e59 for 17 digits); the rest is the JS path's. */
export const EISEL_LEMIRE_Q = { min: -60, max: 40 } as const;

/** 10^0 … 10^22 as little-endian f64. */
function pow10Table(): Uint8Array {
  const bytes = new Uint8Array(23 * 8);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k <= 22; k++) view.setFloat64(k * 8, 10 ** k, true);
  return bytes;
}

/**
 * For each q of EISEL_LEMIRE_Q, the 128 leading bits of 5^q (10^q's significand, a 1 at bit 127),
 * rounded down (as Go's detailedPowersOfTen): the high u64 then the low, little-endian.
 */
export function pow5Table(): Uint8Array {
  const { min, max } = EISEL_LEMIRE_Q;
  const bytes = new Uint8Array((max - min + 1) * 16);
  const view = new DataView(bytes.buffer);
  for (let q = min; q <= max; q++) {
    const five = 5n ** BigInt(Math.abs(q));
    const bits = BigInt(five.toString(2).length);
    // q < 0: 2^(127+bits) / 5^-q lies in (2^127, 2^128) (5^-q is no power of two).
    const t = q >= 0 ? (bits <= 128n ? five << (128n - bits) : five >> (bits - 128n)) : (1n << (127n + bits)) / five;
    view.setBigUint64((q - min) * 16, t >> 64n, true);
    view.setBigUint64((q - min) * 16 + 8, t & 0xffffffffffffffffn, true);
  }
  return bytes;
}

/** Bytes as a data segment's string. */
const dataString = (bytes: Uint8Array): string => [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

/** `c` = the byte at ++j (the driver ends the bytes with a 0, which no rule reads as part of an item). */
const NEXT = `(local.set $j (i32.add (local.get $j) (i32.const 1)))
          (local.set $c (i32.load8_u (local.get $j)))`;
const NOT_DIGIT = '(i32.gt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))';
const BLANK = '(i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))';
/** m = m·10 + digit while `c` is a digit (wrapping past 2^64: the caller counts the digits and leaves long ones to JS). */
const DIGIT_LOOP = `(block $b (loop $l
          (br_if $b ${NOT_DIGIT})
          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
          ${NEXT}
          (br $l)))`;
/**
 * A fraction's digits into m: eight at a time while the next eight bytes are all digits (SWAR,
 * as simdjson's is_made_of_eight_digits_fast / parse_eight_digits_unrolled), then four if four
 * follow, then one at a time. (An integer part is short in the arrays people write: one at a time.)
 */
const FRACTION_DIGITS = `(block $b8 (loop $l8
          (local.set $w (i64.load (local.get $j)))
          (br_if $b8 (i64.ne (i64.or (i64.and (local.get $w) (i64.const 0xF0F0F0F0F0F0F0F0))
                                     (i64.shr_u (i64.and (i64.add (local.get $w) (i64.const 0x0606060606060606)) (i64.const 0xF0F0F0F0F0F0F0F0)) (i64.const 4)))
                             (i64.const 0x3333333333333333)))
          (local.set $w (i64.sub (local.get $w) (i64.const 0x3030303030303030)))
          (local.set $w (i64.add (i64.mul (local.get $w) (i64.const 10)) (i64.shr_u (local.get $w) (i64.const 8))))
          (local.set $w (i64.shr_u (i64.add (i64.mul (i64.and (local.get $w) (i64.const 0x000000FF000000FF)) (i64.const 0x000F424000000064))
                                           (i64.mul (i64.and (i64.shr_u (local.get $w) (i64.const 16)) (i64.const 0x000000FF000000FF)) (i64.const 0x0000271000000001)))
                                   (i64.const 32)))
          (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 100000000)) (i64.and (local.get $w) (i64.const 0xFFFFFFFF))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br $l8)))
        (local.set $q (i32.load (local.get $j)))
        (if (i32.eq (i32.or (i32.and (local.get $q) (i32.const 0xF0F0F0F0))
                            (i32.shr_u (i32.and (i32.add (local.get $q) (i32.const 0x06060606)) (i32.const 0xF0F0F0F0)) (i32.const 4)))
                    (i32.const 0x33333333))
          (then
            (local.set $q (i32.sub (local.get $q) (i32.const 0x30303030)))
            (local.set $q (i32.add (i32.mul (local.get $q) (i32.const 10)) (i32.shr_u (local.get $q) (i32.const 8))))
            (local.set $m (i64.add (i64.mul (local.get $m) (i64.const 10000))
                                   (i64.extend_i32_u (i32.add (i32.mul (i32.and (local.get $q) (i32.const 0xFF)) (i32.const 100))
                                                              (i32.and (i32.shr_u (local.get $q) (i32.const 16)) (i32.const 0xFF))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))))
        (local.set $c (i32.load8_u (local.get $j)))
        ${DIGIT_LOOP}`;
const BLANKS = `(block $b (loop $l
          (br_if $b (i32.eqz ${BLANK}))
          ${NEXT}
          (br $l)))`;

export function generateNumbersWat(): string {
  const { state, pow10, pow5, window, memoryPages } = NUMBERS_LAYOUT;
  const q = EISEL_LEMIRE_Q;
  const pow10Bytes = pow10Table();
  const pow5Bytes = pow5Table();
  if (pow10 + pow10Bytes.length > pow5 || pow5 + pow5Bytes.length > window) throw new Error('gen-numbers: the tables overlap');
  return `(module
  (memory (export "mem") ${memoryPages})
  (global (export "window") i32 (i32.const ${window}))
  (data (i32.const ${pow10}) "${dataString(pow10Bytes)}")
  (data (i32.const ${pow5}) "${dataString(pow5Bytes)}")
  ;; The low u64 of the last $mul128.
  (global $low (mut i64) (i64.const 0))
  ;; a·b as 128 bits from four products of 32-bit halves: returns the high u64, leaves the low in $low.
  (func $mul128 (param $a i64) (param $b i64) (result i64)
    (local $a0 i64) (local $a1 i64) (local $b0 i64) (local $b1 i64) (local $p00 i64) (local $p01 i64) (local $p10 i64) (local $mid i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xFFFFFFFF)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xFFFFFFFF)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p00 (i64.mul (local.get $a0) (local.get $b0)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    ;; below 3·2^32: no carry lost
    (local.set $mid (i64.add (i64.add (i64.shr_u (local.get $p00) (i64.const 32)) (i64.and (local.get $p01) (i64.const 0xFFFFFFFF)))
                             (i64.and (local.get $p10) (i64.const 0xFFFFFFFF))))
    (global.set $low (i64.or (i64.shl (local.get $mid) (i64.const 32)) (i64.and (local.get $p00) (i64.const 0xFFFFFFFF))))
    (i64.add (i64.add (i64.mul (local.get $a1) (local.get $b1)) (i64.shr_u (local.get $p01) (i64.const 32)))
             (i64.add (i64.shr_u (local.get $p10) (i64.const 32)) (i64.shr_u (local.get $mid) (i64.const 32)))))
  (func $items (export "items") (param $i i32) (param $end i32) (param $out i32) (param $max i32) (result i32)
    (local $n i32) (local $j i32) (local $c i32) (local $neg i32) (local $s i32) (local $m i64) (local $w i64) (local $q i32)
    (local $ds i32) (local $fs i32) (local $frac i32) (local $exp i32) (local $eneg i32) (local $p i32) (local $v f64)
    (local $lastS i32) (local $lastNeg i32) (local $lastJ i32) (local $hi i64) (local $lo i64) (local $z i64) (local $e2 i32)
    (block $done
      (loop $item
        (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
        (local.set $j (local.get $i))
        (local.set $c (i32.load8_u (local.get $j)))
        ${BLANKS}
        (local.set $s (local.get $j))
        (local.set $neg (i32.eq (local.get $c) (i32.const 45)))
        (if (local.get $neg) (then
          ${NEXT}))
        (br_if $done ${NOT_DIGIT})
        (local.set $ds (local.get $j))
        (local.set $m (i64.const 0))
        ${DIGIT_LOOP}
        (local.set $frac (i32.const 0))
        (if (i32.eq (local.get $c) (i32.const 46)) (then
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (local.set $fs (local.get $j))
          ${FRACTION_DIGITS}
          (local.set $frac (i32.sub (local.get $j) (local.get $fs)))))
        ;; More than 19 significant digits may have wrapped m: the JS path reads that number. Zeros
        ;; before the first other digit (0.000123…) added nothing to m, so they are not counted.
        (if (i32.gt_u (i32.sub (i32.sub (local.get $j) (local.get $ds)) (i32.ne (local.get $frac) (i32.const 0))) (i32.const 19)) (then
          ;; (at the latest at j: the byte there is no digit, and a second dot fails the item below)
          (local.set $q (local.get $ds))
          (block $b (loop $l
            (local.set $p (i32.load8_u (local.get $q)))
            (br_if $b (i32.and (i32.ne (local.get $p) (i32.const 48)) (i32.ne (local.get $p) (i32.const 46))))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $l)))
          ;; the digits from there, less the dot when it is among them
          (br_if $done (i32.gt_u (i32.sub (i32.sub (local.get $j) (local.get $q))
                                          (i32.and (i32.ne (local.get $frac) (i32.const 0)) (i32.gt_u (local.get $fs) (local.get $q))))
                                 (i32.const 19)))))
        (local.set $exp (i32.const 0))
        ;; e or E, an optional sign, at least one digit (else the JS path reads it)
        (if (i32.eq (i32.or (local.get $c) (i32.const 32)) (i32.const 101)) (then
          ${NEXT}
          (local.set $eneg (i32.eq (local.get $c) (i32.const 45)))
          (if (i32.or (local.get $eneg) (i32.eq (local.get $c) (i32.const 43))) (then
            ${NEXT}))
          (br_if $done ${NOT_DIGIT})
          (block $b (loop $l
            (br_if $b ${NOT_DIGIT})
            (if (i32.lt_u (local.get $exp) (i32.const 100000)) (then
              (local.set $exp (i32.add (i32.mul (local.get $exp) (i32.const 10)) (i32.sub (local.get $c) (i32.const 48))))))
            ${NEXT}
            (br $l)))
          (if (local.get $eneg) (then (local.set $exp (i32.sub (i32.const 0) (local.get $exp)))))))
        ${BLANKS}
        (br_if $done (i32.ne (local.get $c) (i32.const 44)))
        ;; Never the 0 after the bytes (no loop passes it); kept as a guard that the item is whole.
        (br_if $done (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $p (i32.sub (local.get $exp) (local.get $frac)))
        (block $got
          ;; 0, whatever its exponent
          (local.set $v (f64.const 0))
          (br_if $got (i64.eqz (local.get $m)))
          ;; Clinger's fast path: m < 2^53 and |p| <= 22
          (if (i32.and (i64.le_u (local.get $m) (i64.const 9007199254740991)) (i32.le_u (i32.add (local.get $p) (i32.const 22)) (i32.const 44))) (then
            (local.set $v (f64.convert_i64_u (local.get $m)))
            (if (i32.ge_s (local.get $p) (i32.const 0))
              (then (local.set $v (f64.mul (local.get $v) (f64.load offset=${pow10} (i32.shl (local.get $p) (i32.const 3))))))
              (else (local.set $v (f64.div (local.get $v) (f64.load offset=${pow10} (i32.shl (i32.sub (i32.const 0) (local.get $p)) (i32.const 3)))))))
            (br $got)))
          ;; Eisel–Lemire, where the table has 10^p: Go's eiselLemire64 line for line, but for the exact ties below
          (br_if $done (i32.gt_u (i32.sub (local.get $p) (i32.const ${q.min})) (i32.const ${q.max - q.min})))
          (block $undecided
          (local.set $q (i32.shl (i32.sub (local.get $p) (i32.const ${q.min})) (i32.const 4)))
          ;; normalize: w = m with its top bit set; e2 = the biased binary exponent, before the product's top bit is known
          (local.set $z (i64.clz (local.get $m)))
          (local.set $w (i64.shl (local.get $m) (local.get $z)))
          (local.set $e2 (i32.sub (i32.add (i32.shr_s (i32.mul (local.get $p) (i32.const 217706)) (i32.const 16)) (i32.const ${64 + 1023}))
                                  (i32.wrap_i64 (local.get $z))))
          (local.set $hi (call $mul128 (local.get $w) (i64.load offset=${pow5} (local.get $q))))
          (local.set $lo (global.get $low))
          ;; The high word of 10^p is short of it by less than 1, the product by less than w: when that
          ;; could carry into the bits that decide the rounding, add the low word's product.
          (if (i32.and (i64.eq (i64.and (local.get $hi) (i64.const 0x1FF)) (i64.const 0x1FF))
                       (i64.lt_u (i64.add (local.get $lo) (local.get $w)) (local.get $w))) (then
            (local.set $z (call $mul128 (local.get $w) (i64.load offset=${pow5 + 8} (local.get $q))))
            (local.set $lo (i64.add (local.get $lo) (local.get $z)))
            (local.set $hi (i64.add (local.get $hi) (i64.extend_i32_u (i64.lt_u (local.get $lo) (local.get $z)))))
            ;; still undecided
            (br_if $undecided (i32.and (i32.and (i64.eq (i64.and (local.get $hi) (i64.const 0x1FF)) (i64.const 0x1FF)) (i64.eq (local.get $lo) (i64.const -1)))
                                  (i64.lt_u (i64.add (global.get $low) (local.get $w)) (local.get $w))))))
          ;; the top 54 bits (in w: m stays as read, for the undecided)
          (local.set $q (i32.wrap_i64 (i64.shr_u (local.get $hi) (i64.const 63))))
          (local.set $w (i64.shr_u (local.get $hi) (i64.extend_i32_u (i32.add (local.get $q) (i32.const 9)))))
          (local.set $e2 (i32.sub (local.get $e2) (i32.xor (local.get $q) (i32.const 1))))
          ;; Maybe halfway between two doubles, the even one below. Where 10^p is exact in the table's high
          ;; word (0 <= p <= 27: 5^p < 2^64) so is the product: when no bit below the half bit is set it
          ;; is halfway, and rounds down to even. Elsewhere: undecided.
          (if (i32.and (i64.eqz (local.get $lo))
                       (i32.and (i64.eqz (i64.and (local.get $hi) (i64.const 0x1FF))) (i64.eq (i64.and (local.get $w) (i64.const 3)) (i64.const 1)))) (then
            (br_if $undecided (i32.gt_u (local.get $p) (i32.const 27)))
            (if (i64.eq (i64.shl (local.get $w) (i64.extend_i32_u (i32.add (local.get $q) (i32.const 9)))) (local.get $hi)) (then
              (local.set $w (i64.sub (local.get $w) (i64.const 1)))))))
          ;; round to 53 bits (half up; the ties that round down were made so above), and carry into the exponent at 2^53
          (local.set $w (i64.shr_u (i64.add (local.get $w) (i64.and (local.get $w) (i64.const 1))) (i64.const 1)))
          (local.set $z (i64.shr_u (local.get $w) (i64.const 53)))
          (local.set $w (i64.shr_u (local.get $w) (local.get $z)))
          (local.set $e2 (i32.add (local.get $e2) (i32.wrap_i64 (local.get $z))))
          ;; subnormal or infinite: the JS path reads it
          (br_if $done (i32.ge_u (i32.sub (local.get $e2) (i32.const 1)) (i32.const 0x7FE)))
          (local.set $v (f64.reinterpret_i64 (i64.or (i64.shl (i64.extend_i32_u (local.get $e2)) (i64.const 52))
                                                     (i64.and (local.get $w) (i64.const 0xFFFFFFFFFFFFF)))))
          (br $got))
          ;; Undecided (m still as read): a value written exactly, or exactly halfway (3393675884816671.5,
          ;; 1234567890123456.0, 9007199254740993.0). When -22 <= p < 0 and 5^-p divides m, m·10^p is
          ;; n·2^p with n = m / 5^-p: one rounding of n (f64.convert), then an exact scaling by 2^p.
          ;; Anything else is the JS path's.
          (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 22)) (i32.const 21)))
          (local.set $q (i32.sub (i32.const 0) (local.get $p)))
          (local.set $v (f64.convert_i32_u (i32.shl (i32.const 1) (local.get $q))))
          ;; 5^-p = 10^-p / 2^-p, exact in an f64 (below 2^53)
          (local.set $z (i64.trunc_f64_u (f64.div (f64.load offset=${pow10} (i32.shl (local.get $q) (i32.const 3))) (local.get $v))))
          (br_if $done (i64.ne (i64.rem_u (local.get $m) (local.get $z)) (i64.const 0)))
          (local.set $v (f64.div (f64.convert_i64_u (i64.div_u (local.get $m) (local.get $z))) (local.get $v))))
        (if (local.get $neg) (then (local.set $v (f64.neg (local.get $v)))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $v))
        (local.set $lastS (local.get $s))
        (local.set $lastNeg (local.get $neg))
        (local.set $lastJ (local.get $j))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        (br $item)))
    (i32.store offset=${state} (i32.const 0) (local.get $i))
    (i32.store offset=${state + 4} (i32.const 0) (local.get $lastS))
    (i32.store offset=${state + 8} (i32.const 0) (local.get $lastNeg))
    (i32.store offset=${state + 12} (i32.const 0) (local.get $lastJ))
    (local.get $n))
)
`;
}
