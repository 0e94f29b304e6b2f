pragma circom 2.1.0;

// The baseline of `npm run bench -- prove`: ONE owner per proof, with exactly the per-owner checks
// of BatchAward (the same OwnerAward template) and, instead of a batch root, a depth-DEPTH
// binary Merkle path proving the owner's data leaf is in a public data root:
//
//   the formula bound by FormulaHash and range-checked as in BatchAward, n = N_COINS
//   OwnerAward: score, q, coins, noisy, award, data leaf and award leaf
//   statement   = Poseidon(formula hash, pool, S, beacon, data root, leaf index, award leaf)
//
// where pool is the run's pool (formula pool + carried_in) and leaf index is the number the
// path bits spell (bit i = 1: the node is the right child at level i).
//
// This baseline is deliberately LENIENT, so the ratio the bench reports is a conservative
// figure for the batch design: one path only (no award tree, the award leaf is simply made
// public), no per-proof sum of noisy scores or awards. A real one-proof-per-owner design would
// need at least as many constraints, so it would be at least as slow as this one.

include "../../circuits/batch-award.circom";
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

    // ---- the owner and its path
    signal input user_tag;
    signal input features[F];
    signal input salt;
    signal input quotient;
    signal input coin_low;
    signal input coin_high;
    signal input noisy;
    signal input award;
    signal input path_bits[DEPTH];
    signal input siblings[DEPTH];

    n === N_COINS;

    // The per-proof range checks of BatchAward.
    for (var i = 0; i < F; i++) {
        RangeCheck(WEIGHT_BITS())(weight[i]);
        RangeCheck(FEATURE_BITS())(cap[i]);
    }
    RangeCheck(K_BITS())(k);
    RangeCheck(POOL_BITS())(pool);
    RangeCheck(POOL_BITS())(carried_in);
    signal run_pool <== pool + carried_in;
    RangeCheck(POOL_BITS())(run_pool);
    RangeCheck(TOTAL_BITS())(total);
    signal total_is_zero <== IsZero()(total);

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
    component owner = OwnerAward(N_COINS);
    owner.beacon <== beacon;
    owner.k <== k;
    owner.pool <== run_pool;
    owner.total <== total;
    owner.totalIsZero <== total_is_zero;
    for (var i = 0; i < F; i++) {
        owner.weight[i] <== weight[i];
        owner.cap[i] <== cap[i];
        owner.features[i] <== features[i];
    }
    owner.is_real <== 1;
    owner.user_tag <== user_tag;
    owner.salt <== salt;
    owner.quotient <== quotient;
    owner.coin_low <== coin_low;
    owner.coin_high <== coin_high;
    owner.noisy <== noisy;
    owner.award <== award;

    // The data leaf is in the tree whose root the statement binds.
    component path = BinaryMerkleRoot(DEPTH);
    path.leaf <== owner.data_leaf;
    for (var i = 0; i < DEPTH; i++) {
        path.path_bits[i] <== path_bits[i];
        path.siblings[i] <== siblings[i];
    }

    signal computed_statement <== Poseidon(7)([formulaHash.hash, run_pool, total, beacon, path.root, path.index, owner.award_leaf]);
    statement === computed_statement;
}
