pragma circom 2.1.0;
// Measurement only (npm run bench does not build it; compile it with
// `node circuits/build-circuit.mjs bench/circuits/draw-only/draw-only-b32.circom`): the draw as a SEPARATE proof over the same batch. It must re-open both
// leaves of each slot (the data leaf for the committed entries, the award leaf for the proven
// noisy score and the wins) and rebuild both batch roots, beside the same DrawCount checks.
include "../../../circuits/batch-award.circom";

template DrawOnly(B) {
    signal input statement;
    signal input draw_stones; signal input max_entries;
    signal input draw_total; signal input draw_offset; signal input draw_start; signal input draw_start_count;
    signal input is_real[B]; signal input user_tag[B]; signal input packed_features[B]; signal input salt[B];
    signal input noisy[B]; signal input award[B]; signal input entries[B]; signal input draw_count[B];
    RangeCheck(DRAW_STONES_BITS())(draw_stones);
    RangeCheck(ENTRY_BITS())(max_entries);
    RangeCheck(DRAW_WEIGHT_BITS())(draw_total);
    signal wz <== IsZero()(draw_total);
    component start = DrawCount();
    start.stones <== draw_stones; start.total <== draw_total; start.totalIsZero <== wz; start.offset <== draw_offset;
    start.weight <== draw_start; start.count <== draw_start_count;
    component dataRoot = BatchRoot(B);
    component awardRoot = BatchRoot(B);
    component cnt[B];
    signal weight[B + 1];
    signal w[B];
    signal dl[B]; signal al[B]; signal dl2[B]; signal al2[B];
    weight[0] <== draw_start;
    var entriesSum = 0;
    for (var u = 0; u < B; u++) {
        RangeCheck(ENTRY_BITS())(entries[u]);
        RangeCheck(ENTRY_BITS())(max_entries - entries[u]);
        RangeCheck(112)(packed_features[u]);
        w[u] <== entries[u] * noisy[u];
        weight[u + 1] <== weight[u] + w[u];
        cnt[u] = DrawCount();
        cnt[u].stones <== draw_stones; cnt[u].total <== draw_total; cnt[u].totalIsZero <== wz; cnt[u].offset <== draw_offset;
        cnt[u].weight <== weight[u + 1]; cnt[u].count <== draw_count[u];
        dl[u] <== Poseidon(3)([user_tag[u], packed_features[u] + entries[u] * (1 << 112), salt[u]]);
        dl2[u] <== is_real[u] * dl[u];
        al[u] <== Poseidon(4)([user_tag[u], noisy[u], award[u], draw_count[u] - (u == 0 ? draw_start_count : draw_count[u - 1])]);
        al2[u] <== is_real[u] * al[u];
        dataRoot.leaves[u] <== dl2[u];
        awardRoot.leaves[u] <== al2[u];
        entriesSum += entries[u];
    }
    signal computed <== Poseidon(9)([dataRoot.root, awardRoot.root, draw_total, draw_offset, draw_start, weight[B], draw_count[B - 1] - draw_start_count, entriesSum, draw_stones]);
    statement === computed;
}
component main {public [statement]} = DrawOnly(32);
