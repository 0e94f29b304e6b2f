pragma circom 2.1.0;

// The baseline of `npm run bench -- prove`, formula version 3: ONE owner per proof, with exactly
// the per-owner checks of BatchAward (the same OwnerAward template, the draw included) and,
// instead of a batch root, a depth-DEPTH binary Merkle path proving the owner's data leaf is in a
// public data root:
//
//   the formula (29 numbers) bound by FormulaHash and range-checked as in BatchAward, n = N_COINS
//   OwnerAward: score, q, coins, noisy, award, the owner's draw count and wins, data leaf
//               (features and entries) and award leaf (tag, noisy, award, wins)
//   statement   = Poseidon(formula hash, pool, S, beacon, data root, leaf index, award leaf,
//                          W, U, weight before, count before)
//
// where pool is the run's pool (formula pool + carried_in), leaf index is the number the path
// bits spell (bit i = 1: the node is the right child at level i), W and U are the draw's total
// weight and offset, weight before is the cumulative draw weight of the owners before this one
// and count before is the draw count c at it.
//
// This baseline is deliberately LENIENT, so the ratio the bench reports is a conservative
// figure for the batch design: one path only (no award tree, the award leaf is simply made
// public), no per-proof sum of noisy scores or awards, and the owner's place in the draw is
// taken from the statement: weight before and count before are public and left to the verifier
// (no DrawCount of the start, no chaining of weight after to the next owner's proof). A real
// one-proof-per-owner design would need at least as many constraints, so it would be at least
// as slow as this one.

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
    signal input draw_stones;    // D
    signal input crystals_per_entry; // hashed only
    signal input max_entries;

    // ---- the run and the draw
    signal input carried_in;
    signal input total;          // S
    signal input beacon;
    signal input draw_total;     // W
    signal input draw_offset;    // U
    signal input weight_before;  // the cumulative draw weight before this owner (statement)
    signal input count_before;   // c at weight_before (statement: the verifier's to check)

    // ---- the owner and its path
    signal input user_tag;
    signal input features[F];
    signal input salt;
    signal input quotient;
    signal input coin_low;
    signal input coin_high;
    signal input noisy;
    signal input award;
    signal input entries;
    signal input draw_count;     // c at weight_before + entries * noisy
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
    RangeCheck(DRAW_STONES_BITS())(draw_stones);
    RangeCheck(ENTRY_BITS())(max_entries);
    RangeCheck(POOL_BITS())(carried_in);
    signal run_pool <== pool + carried_in;
    RangeCheck(POOL_BITS())(run_pool);
    RangeCheck(TOTAL_BITS())(total);
    signal total_is_zero <== IsZero()(total);
    RangeCheck(DRAW_WEIGHT_BITS())(draw_total);
    signal draw_total_is_zero <== IsZero()(draw_total);

    // Formula hash, in the order of formulaNumbers (29 numbers).
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
    owner.draw_stones <== draw_stones;
    owner.max_entries <== max_entries;
    owner.draw_total <== draw_total;
    owner.drawTotalIsZero <== draw_total_is_zero;
    owner.draw_offset <== draw_offset;
    owner.weight_before <== weight_before;
    owner.count_before <== count_before;
    owner.is_real <== 1;
    owner.user_tag <== user_tag;
    owner.salt <== salt;
    owner.quotient <== quotient;
    owner.coin_low <== coin_low;
    owner.coin_high <== coin_high;
    owner.noisy <== noisy;
    owner.award <== award;
    owner.entries <== entries;
    owner.draw_count <== draw_count;

    // The data leaf is in the tree whose root the statement binds.
    component path = BinaryMerkleRoot(DEPTH);
    path.leaf <== owner.data_leaf;
    for (var i = 0; i < DEPTH; i++) {
        path.path_bits[i] <== path_bits[i];
        path.siblings[i] <== siblings[i];
    }

    signal computed_statement <== Poseidon(11)([
        formulaHash.hash, run_pool, total, beacon, path.root, path.index, owner.award_leaf,
        draw_total, draw_offset, weight_before, count_before
    ]);
    statement === computed_statement;
}
