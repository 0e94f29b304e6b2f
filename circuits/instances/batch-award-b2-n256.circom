pragma circom 2.1.0;

// Test instance: 2 users per batch, 256 noise coins (2 Poseidon hashes per user).
include "../batch-award.circom";

component main {public [statement]} = BatchAward(2, 256);
