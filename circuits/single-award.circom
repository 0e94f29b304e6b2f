pragma circom 2.1.0;

// The baseline of `stones bench prove`: ONE user per proof, with the same per-user checks as
// one real slot of BatchAward (batch-award.circom, whose templates it reuses) and, instead of
// a batch root, a depth-DEPTH binary Merkle path proving the user's data leaf is in a public
// data root:
//
//   data leaf   = Poseidon(user_tag, 7 features, salt), a leaf of the tree with that root
//   score, C, noisy, award and award leaf exactly as in BatchAward (FeatureScore, CoinCount,
//   NoisyScore, AwardRange), the formula bound by FormulaHash, n = N_COINS
//   statement   = Poseidon(formula hash, pool, S, beacon, data root, leaf index, award leaf)
//
// where pool is the run's pool (formula pool + carried_in) and leaf index is the number the
// path bits spell (bit i = 1: the node is the right child at level i).
//
// This baseline is deliberately LENIENT, so the ratio the bench reports is a conservative
// figure for the batch design: one path only (no award tree, the award leaf is simply made
// public), no per-proof sum of noisy scores or awards. A real one-proof-per-user design would
// need at least as many constraints, so it would be at least as slow as this one.

include "batch-award.circom";
include "circomlib/circuits/switcher.circom";

// The root a leaf reaches through a binary Poseidon(2) path of DEPTH levels, and the leaf's
// index. Each path bit is constrained to be 0 or 1 (the Switcher assumes it).
template BinaryMerkleRoot(DEPTH) {
    signal input leaf;
    signal input path_bits[DEPTH];
    signal input siblings[DEPTH];
    signal output root;
    signal output index;

    component switcher[DEPTH];
    component hash[DEPTH];
    signal node[DEPTH + 1];
    node[0] <== leaf;
    var indexSum = 0;
    for (var i = 0; i < DEPTH; i++) {
        path_bits[i] * (path_bits[i] - 1) === 0;
        switcher[i] = Switcher();
        switcher[i].sel <== path_bits[i];
        switcher[i].L <== node[i];
        switcher[i].R <== siblings[i];
        hash[i] = Poseidon(2);
        hash[i].inputs[0] <== switcher[i].outL;
        hash[i].inputs[1] <== switcher[i].outR;
        node[i + 1] <== hash[i].out;
        indexSum += path_bits[i] * (1 << i);
    }
    root <== node[DEPTH];
    index <== indexSum;
}

template SingleAward(DEPTH, N_COINS) {
    var F = N_FEATURES();
    assert(DEPTH >= 1 && DEPTH <= USERS_BITS());
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
    signal input batch_size;     // hashed only: the formula's batch size, not this circuit's

    // ---- the run
    signal input carried_in;
    signal input total;
    signal input beacon;

    // ---- the user and its path
    signal input user_tag;
    signal input features[F];
    signal input salt;
    signal input award;
    signal input path_bits[DEPTH];
    signal input siblings[DEPTH];

    n === N_COINS;

    // The per-proof range checks of BatchAward, in the same order.
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
    signal runPool <== pool + carried_in;
    component runPoolRange = RangeCheck(POOL_BITS());
    runPoolRange.in <== runPool;
    component carriedRange = RangeCheck(POOL_BITS());
    carriedRange.in <== carried_in;
    component totalRange = RangeCheck(TOTAL_BITS());
    totalRange.in <== total;
    component totalIsZero = IsZero();
    totalIsZero.in <== total;

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

    // One real slot of BatchAward.
    component score = FeatureScore();
    for (var i = 0; i < F; i++) {
        score.features[i] <== features[i];
        score.weight[i] <== weight[i];
        score.cap[i] <== cap[i];
    }

    component coins = CoinCount(N_COINS);
    coins.beacon <== beacon;
    coins.salt <== salt;

    component noisy = NoisyScore(N_COINS);
    noisy.score <== score.score;
    noisy.coins <== coins.count;
    noisy.k <== k;

    component awardRange = AwardRange();
    awardRange.pool <== runPool;
    awardRange.total <== total;
    awardRange.totalIsZero <== totalIsZero.out;
    awardRange.noisy <== noisy.noisy;
    awardRange.award <== award;

    component dataLeaf = Poseidon(2 + F);
    dataLeaf.inputs[0] <== user_tag;
    for (var i = 0; i < F; i++) dataLeaf.inputs[1 + i] <== features[i];
    dataLeaf.inputs[1 + F] <== salt;

    component awardLeaf = Poseidon(3);
    awardLeaf.inputs[0] <== user_tag;
    awardLeaf.inputs[1] <== noisy.noisy;
    awardLeaf.inputs[2] <== award;

    // The data leaf is in the tree whose root the statement binds.
    component path = BinaryMerkleRoot(DEPTH);
    path.leaf <== dataLeaf.out;
    for (var i = 0; i < DEPTH; i++) {
        path.path_bits[i] <== path_bits[i];
        path.siblings[i] <== siblings[i];
    }

    component statementHash = Poseidon(7);
    statementHash.inputs[0] <== formulaHash.hash;
    statementHash.inputs[1] <== runPool;
    statementHash.inputs[2] <== total;
    statementHash.inputs[3] <== beacon;
    statementHash.inputs[4] <== path.root;
    statementHash.inputs[5] <== path.index;
    statementHash.inputs[6] <== awardLeaf.out;
    statement === statementHash.out;
}
