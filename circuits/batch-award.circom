pragma circom 2.1.0;

// The batch award proof, formula version 3: for the B owners of one batch, with the formula
// numbers as private inputs, it recomputes what pipeline/scoring, pipeline/draw and
// pipeline/commitments compute (the draw and its odds: the README, "The stone draw"):
//   (every number below is an integer range-checked to its bit width, so nothing wraps)
//
//   data leaf   = Poseidon(user_tag, packed, salt), packed = sum_i feature_i 2^(16 i)
//                 + entries 2^112 (7 features and the draw entries, 16 bits each) (data-leaf.ts)
//   score       = sum_i weight_i * min(feature_i, cap_i); q = floor(score / k)  (score.ts)
//   noisy       = k * max(0, q + C - n/2), C = ones among the low n bits of
//                 Poseidon(beacon, salt)                       (noisy-score.ts, coin-count.ts)
//   award       = floor(pool * noisy / S), or 0 when S = 0         (allocate-awards.ts)
//   draw        = weight w = entries * noisy; c(x) = ceil((D x - U) / W) at the cumulative
//                 weights; stones won = c(after) - c(before)       (pipeline/draw)
//   award leaf  = Poseidon(user_tag, noisy, award, stones won)     (award-leaf.ts)
//   batch roots = the 16-ary Poseidon tree over the B leaves (merkle/)
//   formula     = h = 0; h = Poseidon(h, next 15 numbers) ...      (formula-numbers.ts)
//
// and binds all of it into ONE public signal (batch-statement.ts): statement = Poseidon(run,
// batch index, data root, award root, sums), run = Poseidon(formula hash, the run's pool, S,
// beacon, W, U), sums = Poseidon(noisy sum, award sum, draw start, draw end, stones won, entries).
//
// The prover supplies, per owner, the values the circuit checks rather than computes: the
// quotient q, the two halves of the coin hash, the noisy score, the award and the draw count
// c. Each rule the circuit enforces is one line tagged `@rule <name>`; circuits/README.md
// lists them, and test/circuits/ forges, for each, a witness consistent everywhere but that
// rule and shows both that this circuit rejects it there and that a copy without the line
// accepts it.
//
// Padding slots (is_real = 0, after the real owners) have a zero data leaf, a zero award
// leaf, a zero award and a zero noisy score.
//
// Every rule must have power: for each, test/circuits/ builds a witness that breaks only that
// rule, and shows that a copy of the circuit without the rule accepts it. A constraint that
// no such witness can break (because others imply it) is left out, with the reason written
// where it would have been.

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// pipeline/scoring/circuit-bit-widths.ts
function FEATURE_BITS() { return 16; }
function WEIGHT_BITS() { return 16; }
function SCORE_BITS() { return 40; }
function K_BITS() { return 24; }
function POOL_BITS() { return 64; }
function USERS_BITS() { return 24; }
function N_FEATURES() { return 7; }
// S, the sum of all noisy scores of a period, is below 2^(SCORE_BITS + USERS_BITS).
function TOTAL_BITS() { return SCORE_BITS() + USERS_BITS(); }
// An award is at most the pool.
function AWARD_BITS() { return POOL_BITS(); }
// The coins are the low COIN_BITS bits of a Poseidon output h = low + 2^COIN_BITS * high.
function COIN_BITS() { return 128; }
function COIN_HIGH_BITS() { return 126; }
// floor(p / 2^128) for the BN254 scalar field p: h < p is enforced as high < P_HIGH, which
// refuses the 2^-128 share of outputs in [P_HIGH * 2^128, p) (no honest proof for those).
function P_HIGH() { return 64323764613183177041862057485226039389; }
function MAX_NOISE_COINS() { return 128; }
// The draw (formula version 3): entries per owner and max_entries, the stones D offered.
function ENTRY_BITS() { return 16; }
function DRAW_STONES_BITS() { return 32; }
// A draw weight e * v is below 2^(ENTRY_BITS + SCORE_BITS); W, their sum, below 2^DRAW_WEIGHT_BITS.
function DRAW_WEIGHT_BITS() { return ENTRY_BITS() + SCORE_BITS() + USERS_BITS(); }

// in fits `bits` bits: a small non-negative integer, not a wrapped one.
template RangeCheck(bits) {
    signal input in;
    component n2b = Num2Bits(bits);
    n2b.in <== in;
}

// min(a, b) for a and b ALREADY range-checked to `bits` bits.
template MinOf(bits) {
    signal input a;
    signal input b;
    signal output out;
    signal less <== LessThan(bits)([a, b]);
    out <== b + less * (a - b);
}

// The root of the 16-ary Poseidon tree over B leaves (B a power of two): B <= 16 leaves are
// one hash (a single leaf is its own root); more are hashed 16 at a time, level by level, as
// pipeline/commitments/merkle/tree-shape.ts levelArities does.
template BatchRoot(B) {
    signal input leaves[B];
    signal output root;
    if (B == 1) {
        root <== leaves[0];
    } else if (B <= 16) {
        root <== Poseidon(B)(leaves);
    } else {
        assert(B % 16 == 0);
        var GROUPS = B \ 16;
        component group[GROUPS];
        component up = BatchRoot(GROUPS);
        for (var g = 0; g < GROUPS; g++) {
            group[g] = Poseidon(16);
            for (var i = 0; i < 16; i++) group[g].inputs[i] <== leaves[16 * g + i];
            up.leaves[g] <== group[g].out;
        }
        root <== up.root;
    }
}

// h = 0; for each chunk of up to 15 numbers: h = Poseidon(h, ...chunk) (formula-numbers.ts).
template FormulaHash(COUNT) {
    var CHUNK = 15;
    var CHUNKS = (COUNT + CHUNK - 1) \ CHUNK;
    signal input numbers[COUNT];
    signal output hash;

    component chain[CHUNKS];
    for (var c = 0; c < CHUNKS; c++) {
        var size = COUNT - c * CHUNK < CHUNK ? COUNT - c * CHUNK : CHUNK;
        chain[c] = Poseidon(size + 1);
        if (c == 0) {
            chain[c].inputs[0] <== 0;
        } else {
            chain[c].inputs[0] <== chain[c - 1].out;
        }
        for (var i = 0; i < size; i++) chain[c].inputs[1 + i] <== numbers[c * CHUNK + i];
    }
    hash <== chain[CHUNKS - 1].out;
}

// The draw's count at a cumulative weight x: c = ceil((D x - U) / W), the number of the draw's
// D points U + m W (m = 0, 1, ...) below D x (pipeline/draw/draw-count.ts); 0 when W = 0.
// An owner's stones won are c at the end of their weight interval minus c at its start.
// slack = c W + U - D x in [0, W) has exactly one solution c among the integers, and
// draw_count_range keeps c a small integer: without it, a field element c' = c + d / W with
// t + d still in [0, W) would also pass, and two such aliases move a win between owners.
// Every product is below 2^(DRAW_STONES_BITS + DRAW_WEIGHT_BITS + 1), far below the field.
template DrawCount() {
    signal input stones;         // D, range-checked by the batch
    signal input total;          // W, range-checked by the batch
    signal input totalIsZero;    // W == 0
    signal input offset;         // U, the verifier's own value (statement)
    signal input weight;         // x, a cumulative draw weight
    signal input count;          // c, supplied by the prover

    RangeCheck(DRAW_STONES_BITS())(count); // @rule draw_count_range
    signal covered <== count * total;
    signal due <== stones * weight;
    signal slack <== covered + offset - due;
    RangeCheck(DRAW_WEIGHT_BITS())(slack); // @rule draw_ceil_low
    RangeCheck(DRAW_WEIGHT_BITS())(total + totalIsZero - 1 - slack); // @rule draw_ceil_high
    count * totalIsZero === 0; // @rule draw_zero_total
}

// One owner's slot: score, quantised score, coins, noisy score, award and both leaves.
// The run values (beacon, k, pool, S) and the formula's weights and caps come from the batch,
// already range-checked there.
template OwnerAward(N_COINS) {
    var F = N_FEATURES();
    assert(N_COINS >= 2 && N_COINS % 2 == 0 && N_COINS <= MAX_NOISE_COINS());

    signal input beacon;
    signal input k;              // range-checked to K_BITS by the batch
    signal input pool;           // the run's pool, range-checked to POOL_BITS
    signal input total;          // S, range-checked to TOTAL_BITS
    signal input totalIsZero;    // S == 0
    signal input weight[F];
    signal input cap[F];
    signal input draw_stones;    // D, range-checked to DRAW_STONES_BITS
    signal input max_entries;    // range-checked to ENTRY_BITS
    signal input draw_total;     // W, range-checked to DRAW_WEIGHT_BITS
    signal input drawTotalIsZero;
    signal input draw_offset;    // U
    signal input weight_before;  // the cumulative draw weight before this slot
    signal input count_before;   // c at weight_before (checked by the previous slot or the batch)

    signal input is_real;        // a bit, checked by the batch
    signal input user_tag;
    signal input features[F];
    signal input salt;
    signal input quotient;       // q = floor(score / k)
    signal input coin_low;       // the low COIN_BITS bits of Poseidon(beacon, salt)
    signal input coin_high;      // the rest
    signal input noisy;
    signal input award;
    signal input entries;        // draw entries, committed in the data leaf before the beacon
    signal input draw_count;     // c at weight_after, supplied

    signal output data_leaf;     // 0 for a padding slot
    signal output award_leaf;    // 0 for a padding slot
    signal output weight_after;  // weight_before + entries * noisy
    signal output wins;          // stones won in the draw
    signal output real_entries;  // entries, 0 for a padding slot

    // ---- features and score
    signal capped[F];
    signal term[F];
    var score = 0;
    var packed = 0;
    for (var i = 0; i < F; i++) {
        RangeCheck(FEATURE_BITS())(features[i]); // @rule feature_range
        capped[i] <== MinOf(FEATURE_BITS())(features[i], cap[i]);
        term[i] <== weight[i] * capped[i];
        score += term[i];
        packed += features[i] * (1 << (FEATURE_BITS() * i));
    }
    // Entries share the packed leaf with the features, in bits [16 F, 16 F + 16).
    RangeCheck(ENTRY_BITS())(entries); // @rule entries_range
    RangeCheck(ENTRY_BITS())(max_entries - entries); // @rule entries_max
    packed += entries * (1 << (FEATURE_BITS() * F));

    // ---- quantise: score = k q + r with 0 <= r < k. q needs no range check of its own: with
    // r in [0, k) and k <= 2^K_BITS, any q but the floor is (score - r') / k for an r' whose
    // difference to r is not a multiple of k, a field element far outside the window
    // [n/2 - 2^(SCORE_BITS+1), n/2 + 2^(SCORE_BITS+1)) that the comparator below admits.
    signal kq <== k * quotient;
    signal remainder <== score - kq;
    RangeCheck(K_BITS())(remainder); // @rule remainder_low
    RangeCheck(K_BITS())(k - 1 - remainder); // @rule remainder_high

    // ---- coins: C = ones among the low N_COINS bits of the canonical h = Poseidon(beacon, salt)
    signal hash <== Poseidon(2)([beacon, salt]);
    hash === coin_low + (1 << COIN_BITS()) * coin_high; // @rule coin_split
    signal coin[COIN_BITS()] <== Num2Bits(COIN_BITS())(coin_low);
    RangeCheck(COIN_HIGH_BITS())(coin_high); // @rule coin_high_low
    RangeCheck(COIN_HIGH_BITS())(P_HIGH() - 1 - coin_high); // @rule coin_canonical
    var ones = 0;
    for (var i = 0; i < N_COINS; i++) ones += coin[i];

    // ---- noisy = k * max(0, q + C - n/2): on the lattice k Z, so a one-day change of the
    // score moves it by whole lattice steps only.
    signal shifted <== quotient + ones;
    signal below <== LessThan(SCORE_BITS() + 1)([shifted, N_COINS \ 2]);
    signal index <== (1 - below) * (shifted - N_COINS \ 2);
    signal real_index <== is_real * index;
    noisy === k * real_index; // @rule noisy_lattice

    // ---- award = floor(pool * noisy / S): pool * noisy = award * S + rest, 0 <= rest < S
    // (S replaced by 1 when S = 0, where the award must be 0). Every factor is range-checked,
    // so both sides are integers far below the field and the equation holds over the integers.
    RangeCheck(AWARD_BITS())(award); // @rule award_range
    signal share <== pool * noisy;
    signal paid <== award * total;
    signal rest <== share - paid;
    RangeCheck(TOTAL_BITS())(rest); // @rule award_floor_low
    RangeCheck(TOTAL_BITS())(total + totalIsZero - 1 - rest); // @rule award_floor_high
    award * totalIsZero === 0; // @rule award_zero_total
    // A padding slot needs no rule of its own for its award: its noisy score is 0, so
    // rest = -award * S, which award_floor_low refuses unless award = 0 (or S = 0, where
    // award_zero_total does).

    // ---- the draw: the owner's weight is entries * noisy (0 for padding, whose noisy is 0);
    // stones won = c(weight_after) - c(weight_before), each c checked by DrawCount, so the
    // wins are the draw's points falling in the owner's interval of the cumulative weight.
    signal draw_weight <== entries * noisy;
    weight_after <== weight_before + draw_weight;
    component count = DrawCount();
    count.stones <== draw_stones;
    count.total <== draw_total;
    count.totalIsZero <== drawTotalIsZero;
    count.offset <== draw_offset;
    count.weight <== weight_after;
    count.count <== draw_count;
    wins <== draw_count - count_before;
    real_entries <== is_real * entries;

    // ---- leaves
    signal leaf <== Poseidon(3)([user_tag, packed, salt]);
    data_leaf <== is_real * leaf;
    signal awarded <== Poseidon(4)([user_tag, noisy, award, wins]);
    award_leaf <== is_real * awarded;
}

template BatchAward(B, N_COINS) {
    var F = N_FEATURES();
    assert(B >= 1 && B <= 256);
    assert(N_COINS >= 2 && N_COINS % 2 == 0 && N_COINS <= MAX_NOISE_COINS());

    // ---- the one public signal
    signal input statement;

    // ---- the formula (private; bound by its Poseidon hash inside the statement)
    signal input version;
    signal input pool;
    signal input weight[F];
    signal input cap[F];
    signal input daily_cap[F];
    signal input k;
    signal input n;
    signal input batch_size;
    signal input draw_stones;        // D
    signal input crystals_per_entry;
    signal input max_entries;

    // ---- the run and the batch
    signal input carried_in;     // the remainder of the previous period, added to the pool
    signal input total;          // S, the sum of all noisy scores of the period
    signal input beacon;
    signal input batch_index;
    signal input draw_total;         // W, the sum of all entrants' entries * noisy
    signal input draw_offset;        // U = (low 128 bits of Poseidon(beacon, draw tag)) mod W
    signal input draw_start;         // the cumulative draw weight before this batch
    signal input draw_start_count;   // c at draw_start, supplied

    // ---- the owners of the batch (padding slots: is_real = 0, all values 0)
    signal input is_real[B];
    signal input user_tag[B];
    signal input features[B][F];
    signal input salt[B];
    signal input quotient[B];
    signal input coin_low[B];
    signal input coin_high[B];
    signal input noisy[B];
    signal input award[B];
    signal input entries[B];
    signal input draw_count[B];

    // The circuit is built for one noise size and one batch size.
    n === N_COINS; // @rule circuit_shape
    batch_size === B; // @rule circuit_shape

    // Range checks of the formula numbers and the run's values, before any comparator or product.
    for (var i = 0; i < F; i++) {
        RangeCheck(WEIGHT_BITS())(weight[i]); // @rule formula_range
        RangeCheck(FEATURE_BITS())(cap[i]); // @rule formula_range
    }
    RangeCheck(K_BITS())(k); // @rule formula_range
    RangeCheck(POOL_BITS())(pool); // @rule formula_range
    RangeCheck(DRAW_STONES_BITS())(draw_stones); // @rule formula_range
    RangeCheck(ENTRY_BITS())(max_entries); // @rule formula_range
    RangeCheck(POOL_BITS())(carried_in); // @rule run_range
    signal run_pool <== pool + carried_in;
    RangeCheck(POOL_BITS())(run_pool); // @rule run_range
    RangeCheck(TOTAL_BITS())(total); // @rule run_range
    signal total_is_zero <== IsZero()(total);
    RangeCheck(DRAW_WEIGHT_BITS())(draw_total); // @rule draw_range
    signal draw_total_is_zero <== IsZero()(draw_total);

    // Formula hash, in the order of formulaNumbers.
    var COUNT = 2 + 3 * F + 3 + 3;
    component formulaHash = FormulaHash(COUNT);
    formulaHash.numbers[0] <== version;
    formulaHash.numbers[1] <== pool;
    for (var i = 0; i < F; i++) {
        formulaHash.numbers[2 + 3 * i] <== weight[i];
        formulaHash.numbers[3 + 3 * i] <== cap[i];
        formulaHash.numbers[4 + 3 * i] <== daily_cap[i];
    }
    formulaHash.numbers[COUNT - 6] <== k;
    formulaHash.numbers[COUNT - 5] <== n;
    formulaHash.numbers[COUNT - 4] <== batch_size;
    formulaHash.numbers[COUNT - 3] <== draw_stones;
    formulaHash.numbers[COUNT - 2] <== crystals_per_entry;
    formulaHash.numbers[COUNT - 1] <== max_entries;

    // c at the batch's start; each slot checks c at the end of its own interval.
    component startCount = DrawCount();
    startCount.stones <== draw_stones;
    startCount.total <== draw_total;
    startCount.totalIsZero <== draw_total_is_zero;
    startCount.offset <== draw_offset;
    startCount.weight <== draw_start;
    startCount.count <== draw_start_count;

    component owner[B];
    component dataRoot = BatchRoot(B);
    component awardRoot = BatchRoot(B);
    var noisySum = 0;
    var awardSum = 0;
    var entriesSum = 0;
    for (var u = 0; u < B; u++) {
        // is_real is a bit, and padding comes after the real owners.
        is_real[u] * (is_real[u] - 1) === 0; // @rule padding_order
        if (u > 0) {
            is_real[u] * (1 - is_real[u - 1]) === 0; // @rule padding_order
        }

        owner[u] = OwnerAward(N_COINS);
        owner[u].beacon <== beacon;
        owner[u].k <== k;
        owner[u].pool <== run_pool;
        owner[u].total <== total;
        owner[u].totalIsZero <== total_is_zero;
        for (var i = 0; i < F; i++) {
            owner[u].weight[i] <== weight[i];
            owner[u].cap[i] <== cap[i];
            owner[u].features[i] <== features[u][i];
        }
        owner[u].is_real <== is_real[u];
        owner[u].user_tag <== user_tag[u];
        owner[u].salt <== salt[u];
        owner[u].quotient <== quotient[u];
        owner[u].coin_low <== coin_low[u];
        owner[u].coin_high <== coin_high[u];
        owner[u].noisy <== noisy[u];
        owner[u].award <== award[u];
        owner[u].draw_stones <== draw_stones;
        owner[u].max_entries <== max_entries;
        owner[u].draw_total <== draw_total;
        owner[u].drawTotalIsZero <== draw_total_is_zero;
        owner[u].draw_offset <== draw_offset;
        if (u == 0) {
            owner[u].weight_before <== draw_start;
            owner[u].count_before <== draw_start_count;
        } else {
            owner[u].weight_before <== owner[u - 1].weight_after;
            owner[u].count_before <== draw_count[u - 1];
        }
        owner[u].entries <== entries[u];
        owner[u].draw_count <== draw_count[u];

        dataRoot.leaves[u] <== owner[u].data_leaf;
        awardRoot.leaves[u] <== owner[u].award_leaf;
        noisySum += noisy[u];
        awardSum += award[u];
        entriesSum += owner[u].real_entries;
    }

    // Three hashes of at most 6 inputs, not one of 15: the chain registry rebuilds the
    // statement on-chain with circomlibjs's Poseidon contracts, which take at most 8 inputs.
    // The run's values are the same in every batch (hashed once per run on-chain); the
    // batch's stones won is c at its end minus c at its start (the sum of the slots' wins).
    signal run_statement <== Poseidon(6)([formulaHash.hash, run_pool, total, beacon, draw_total, draw_offset]);
    signal batch_sums <== Poseidon(6)([
        noisySum, awardSum, draw_start, owner[B - 1].weight_after,
        draw_count[B - 1] - draw_start_count, entriesSum
    ]);
    signal computed_statement <== Poseidon(5)([run_statement, batch_index, dataRoot.root, awardRoot.root, batch_sums]);
    statement === computed_statement; // @rule statement
}
