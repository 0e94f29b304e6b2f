pragma circom 2.1.0;

// The batch award proof: for the B users of one batch, with the formula numbers as private
// inputs, it recomputes exactly what pipeline/scoring and pipeline/commitments compute:
//
//   data leaf   = Poseidon(user_tag, 7 features, salt)                 (commit-period.ts)
//   score       = sum_i weight_i * min(feature_i, cap_i)               (score.ts)
//   C           = ones among the first n coins of Poseidon(beacon, salt, j), low 128 bits each
//                                                                      (coin-count.ts)
//   noisy       = max(0, score + k * (C - n/2))                        (noisy-score.ts)
//   award       : award * S <= pool * noisy < (award + 1) * S, or 0 when S = 0
//                                                                      (allocate-awards.ts)
//   award leaf  = Poseidon(user_tag, noisy, award)                     (score-run.ts)
//   batch roots = Poseidon of the B leaves (a tree of B <= 16 leaves is one hash; merkle/)
//   formula     = h = 0; h = Poseidon(h, next 15 numbers) ...          (formula-numbers.ts)
//
// and binds all of it into ONE public signal, where pool is the run's pool (the formula's
// pool plus the remainder carried in from the previous period, as in runs.pool):
//
//   statement = Poseidon(formula hash, pool, S, beacon, batch index, data batch root,
//                        award batch root, sum of the batch's noisy scores, sum of its awards)
//
// Padding slots (is_real = 0, after the real users) have a zero data leaf, a zero award leaf,
// a zero award and count as a zero noisy score.
//
// Every number that reaches a comparator or a product is range-checked first (Num2Bits), with
// the widths of pipeline/scoring/circuit-bit-widths.ts, so nothing can wrap around the field.

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// pipeline/scoring/circuit-bit-widths.ts
function FEATURE_BITS() { return 32; }
function WEIGHT_BITS() { return 16; }
function SCORE_BITS() { return 48; }
function POOL_BITS() { return 64; }
function USERS_BITS() { return 24; }
function COINS_PER_HASH() { return 128; }
function MAX_NOISE_COINS() { return 65536; }
function N_FEATURES() { return 7; }
// S, the sum of all noisy scores of a period: below 2^(SCORE_BITS + USERS_BITS).
function TOTAL_BITS() { return SCORE_BITS() + USERS_BITS(); }
// An award is at most the pool.
function AWARD_BITS() { return POOL_BITS(); }
// (award + 1) * S <= 2^AWARD_BITS * 2^TOTAL_BITS, pool * noisy < 2^(POOL_BITS + SCORE_BITS).
function PRODUCT_BITS() { return AWARD_BITS() + TOTAL_BITS() + 1; }

// in fits `bits` bits (and is therefore a small non-negative integer, not a wrapped one).
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
    component lt = LessThan(bits);
    lt.in[0] <== a;
    lt.in[1] <== b;
    // a < b ? a : b
    out <== b + lt.out * (a - b);
}

// score = sum_i weight_i * min(feature_i, cap_i). Range-checks the features; weights and caps
// must already be range-checked (BatchAward does it once for the batch). The score is
// range-checked to SCORE_BITS (parseFormula refuses a formula whose largest score does not fit).
template FeatureScore() {
    var F = N_FEATURES();
    signal input features[F];
    signal input weight[F];
    signal input cap[F];
    signal output score;

    component featureRange[F];
    component capped[F];
    signal term[F];
    var sum = 0;
    for (var i = 0; i < F; i++) {
        featureRange[i] = RangeCheck(FEATURE_BITS());
        featureRange[i].in <== features[i];
        capped[i] = MinOf(FEATURE_BITS());
        capped[i].a <== features[i];
        capped[i].b <== cap[i];
        term[i] <== weight[i] * capped[i].out;
        sum += term[i];
    }
    score <== sum;
    component scoreRange = RangeCheck(SCORE_BITS());
    scoreRange.in <== score;
}

// C = the number of ones among the first N coins: coin 128*j + i is bit i of
// Poseidon(beacon, salt, j) (the last hash gives only its low N - 128*j bits). The hash is
// decomposed with Num2Bits_strict, so its bits are the unique canonical ones.
template CoinCount(N) {
    assert(N >= 0 && N <= MAX_NOISE_COINS());
    var PER = COINS_PER_HASH();
    var HASHES = (N + PER - 1) \ PER;
    signal input beacon;
    signal input salt;
    signal output count;

    component hash[HASHES];
    component bits[HASHES];
    var ones = 0;
    for (var j = 0; j < HASHES; j++) {
        hash[j] = Poseidon(3);
        hash[j].inputs[0] <== beacon;
        hash[j].inputs[1] <== salt;
        hash[j].inputs[2] <== j;
        bits[j] = Num2Bits_strict();
        bits[j].in <== hash[j].out;
        var coins = N - j * PER < PER ? N - j * PER : PER;
        for (var i = 0; i < coins; i++) ones += bits[j].out[i];
    }
    count <== ones;
}

// noisy = max(0, score + k * (C - n/2)), computed as t = score + k*C against half = k * n/2
// (no negative numbers). score < 2^SCORE_BITS, k < 2^SCORE_BITS and C <= N < 2^17 are known
// here, so t and half stay below 2^(SCORE_BITS + 18): the comparator gets range-checked values.
template NoisyScore(N) {
    assert(N % 2 == 0);
    signal input score;    // range-checked to SCORE_BITS
    signal input coins;    // a sum of at most N bits
    signal input k;        // range-checked to SCORE_BITS
    signal output noisy;

    var CMP_BITS = SCORE_BITS() + 18;
    signal kc <== k * coins;
    signal t <== score + kc;
    signal half <== k * (N \ 2);
    component negative = LessThan(CMP_BITS);
    negative.in[0] <== t;
    negative.in[1] <== half;
    noisy <== (1 - negative.out) * (t - half);
    // parseFormula keeps the largest score plus k * n/2 within SCORE_BITS.
    component noisyRange = RangeCheck(SCORE_BITS());
    noisyRange.in <== noisy;
}

// award * S <= pool * noisy < (award + 1) * S when S > 0; award = 0 (and noisy = 0) when S = 0.
// pool (POOL_BITS), S (TOTAL_BITS) and noisy (SCORE_BITS) are range-checked by the caller;
// the award is range-checked here.
template AwardRange() {
    signal input pool;
    signal input total;
    signal input totalIsZero;
    signal input noisy;
    signal input award;

    component awardRange = RangeCheck(AWARD_BITS());
    awardRange.in <== award;

    signal share <== pool * noisy;          // < 2^(POOL_BITS + SCORE_BITS)
    signal low <== award * total;           // < 2^(AWARD_BITS + TOTAL_BITS)
    signal high <== low + total;            // (award + 1) * S <= 2^(AWARD_BITS + TOTAL_BITS)

    component lowOk = LessEqThan(PRODUCT_BITS());
    lowOk.in[0] <== low;
    lowOk.in[1] <== share;
    component highOk = LessThan(PRODUCT_BITS());
    highOk.in[0] <== share;
    highOk.in[1] <== high;

    // S > 0: both inequalities hold.
    (1 - lowOk.out) * (1 - totalIsZero) === 0;
    (1 - highOk.out) * (1 - totalIsZero) === 0;
    // S = 0: every award is 0, and so is every noisy score (S is their sum).
    award * totalIsZero === 0;
    noisy * totalIsZero === 0;
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

// The root of a batch of B <= 16 leaves: one Poseidon of all of them (a single leaf is its
// own root), as pipeline/commitments/merkle builds it.
template BatchRoot(B) {
    assert(B >= 1 && B <= 16);
    signal input leaves[B];
    signal output root;
    if (B == 1) {
        root <== leaves[0];
    } else {
        component hash = Poseidon(B);
        for (var i = 0; i < B; i++) hash.inputs[i] <== leaves[i];
        root <== hash.out;
    }
}

template BatchAward(B, N_COINS) {
    var F = N_FEATURES();
    assert(B >= 1 && B <= 16);
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

    // ---- the run and the batch
    signal input carried_in;     // the remainder of the previous period, added to the pool
    signal input total;          // S, the sum of all noisy scores of the period
    signal input beacon;
    signal input batch_index;

    // ---- the users of the batch (padding slots: is_real = 0, all values 0)
    signal input is_real[B];
    signal input user_tag[B];
    signal input features[B][F];
    signal input salt[B];
    signal input award[B];

    // The circuit is built for one noise size and one batch size.
    n === N_COINS;
    batch_size === B;

    // Range checks of the formula numbers and S, before any comparator or product.
    component weightRange[F];
    component capRange[F];
    for (var i = 0; i < F; i++) {
        weightRange[i] = RangeCheck(WEIGHT_BITS());
        weightRange[i].in <== weight[i];
        capRange[i] = RangeCheck(FEATURE_BITS());
        capRange[i].in <== cap[i];
    }
    component kRange = RangeCheck(SCORE_BITS());
    kRange.in <== k;
    component poolRange = RangeCheck(POOL_BITS());
    poolRange.in <== pool;
    // The run's pool: the formula's plus the remainder carried in (runs.pool, manifest.pool).
    signal runPool <== pool + carried_in;
    component runPoolRange = RangeCheck(POOL_BITS());
    runPoolRange.in <== runPool;
    component carriedRange = RangeCheck(POOL_BITS());
    carriedRange.in <== carried_in;
    component totalRange = RangeCheck(TOTAL_BITS());
    totalRange.in <== total;
    component totalIsZero = IsZero();
    totalIsZero.in <== total;

    // Formula hash, in the order of formulaNumbers.
    var COUNT = 2 + 3 * F + 3;
    component formulaHash = FormulaHash(COUNT);
    formulaHash.numbers[0] <== version;
    formulaHash.numbers[1] <== pool;
    for (var i = 0; i < F; i++) {
        formulaHash.numbers[2 + 3 * i] <== weight[i];
        formulaHash.numbers[3 + 3 * i] <== cap[i];
        formulaHash.numbers[4 + 3 * i] <== daily_cap[i];
    }
    formulaHash.numbers[COUNT - 3] <== k;
    formulaHash.numbers[COUNT - 2] <== n;
    formulaHash.numbers[COUNT - 1] <== batch_size;

    component score[B];
    component coins[B];
    component noisy[B];
    component awardRange[B];
    component dataLeaf[B];
    component awardLeaf[B];
    signal realNoisy[B];
    signal dataLeafOut[B];
    signal awardLeafOut[B];
    component dataRoot = BatchRoot(B);
    component awardRoot = BatchRoot(B);
    var noisySum = 0;
    var awardSum = 0;

    for (var u = 0; u < B; u++) {
        // is_real is a bit, and padding comes after the real users.
        is_real[u] * (is_real[u] - 1) === 0;
        if (u > 0) {
            is_real[u] * (1 - is_real[u - 1]) === 0;
        }

        score[u] = FeatureScore();
        for (var i = 0; i < F; i++) {
            score[u].features[i] <== features[u][i];
            score[u].weight[i] <== weight[i];
            score[u].cap[i] <== cap[i];
        }

        coins[u] = CoinCount(N_COINS);
        coins[u].beacon <== beacon;
        coins[u].salt <== salt[u];

        noisy[u] = NoisyScore(N_COINS);
        noisy[u].score <== score[u].score;
        noisy[u].coins <== coins[u].count;
        noisy[u].k <== k;
        // A padding slot counts as a zero noisy score.
        realNoisy[u] <== is_real[u] * noisy[u].noisy;

        awardRange[u] = AwardRange();
        awardRange[u].pool <== runPool;
        awardRange[u].total <== total;
        awardRange[u].totalIsZero <== totalIsZero.out;
        awardRange[u].noisy <== realNoisy[u];
        awardRange[u].award <== award[u];
        // A padding slot gets no award.
        award[u] * (1 - is_real[u]) === 0;

        dataLeaf[u] = Poseidon(2 + F);
        dataLeaf[u].inputs[0] <== user_tag[u];
        for (var i = 0; i < F; i++) dataLeaf[u].inputs[1 + i] <== features[u][i];
        dataLeaf[u].inputs[1 + F] <== salt[u];
        dataLeafOut[u] <== is_real[u] * dataLeaf[u].out;

        awardLeaf[u] = Poseidon(3);
        awardLeaf[u].inputs[0] <== user_tag[u];
        awardLeaf[u].inputs[1] <== realNoisy[u];
        awardLeaf[u].inputs[2] <== award[u];
        awardLeafOut[u] <== is_real[u] * awardLeaf[u].out;

        dataRoot.leaves[u] <== dataLeafOut[u];
        awardRoot.leaves[u] <== awardLeafOut[u];
        noisySum += realNoisy[u];
        awardSum += award[u];
    }

    component statementHash = Poseidon(9);
    statementHash.inputs[0] <== formulaHash.hash;
    statementHash.inputs[1] <== runPool;
    statementHash.inputs[2] <== total;
    statementHash.inputs[3] <== beacon;
    statementHash.inputs[4] <== batch_index;
    statementHash.inputs[5] <== dataRoot.root;
    statementHash.inputs[6] <== awardRoot.root;
    statementHash.inputs[7] <== noisySum;
    statementHash.inputs[8] <== awardSum;
    statement === statementHash.out;
}
