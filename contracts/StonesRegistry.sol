// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// circomlibjs's generated Poseidon contracts (poseidonContract.createCode(n)): the same hash
/// as the circuits' circomlib Poseidon(n), over the BN254 scalar field.
interface IPoseidon2 {
    function poseidon(uint256[2] calldata input) external pure returns (uint256);
}

interface IPoseidon5 {
    function poseidon(uint256[5] calldata input) external pure returns (uint256);
}

interface IPoseidon6 {
    function poseidon(uint256[6] calldata input) external pure returns (uint256);
}

/// snarkjs's exported Groth16 verifier of one circuit instance (one public signal).
interface IGroth16Verifier {
    function verifyProof(uint256[2] calldata pA, uint256[2][2] calldata pB, uint256[2] calldata pC, uint256[1] calldata pubSignals)
        external
        view
        returns (bool);
}

/// @title StonesRegistry: the on-chain record of stones award runs.
/// @notice Each run is recorded in two steps. `commitRun` fixes the data root (its block time
/// is the commitment time a beacon drawn after it can be checked against);
/// `recordRun` adds the published outcome (beacon, pool, S, awards, award root, the draw's W and
/// U, the manifest's SHA-256). `verifyBatch` then checks one batch proof with the instance's
/// Groth16 verifier, its only public signal rebuilt here from the recorded run and the batch's
/// roots (each proven to be a leaf of the run's roots) and sums: a proof is accepted only for
/// the numbers the record holds. Anyone may verify a batch; only the operator records runs.
/// One run per period: a correction is a new run that names the one it replaces.
contract StonesRegistry {
    /// The BN254 scalar field: every value hashed or given to the verifier must be below it,
    /// or two encodings of one number would pass as different records.
    uint256 internal constant FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant LOW_128 = (uint256(1) << 128) - 1;
    bytes internal constant DRAW_TAG_PREFIX = "stones-draw/";

    struct Commitment {
        string runId;
        string period;
        /// keccak256 of the circuit instance's name, e.g. "batch-award-v3-b32-n128".
        bytes32 instance;
        bytes32 formulaSha256;
        uint256 formulaPoseidon;
        uint256 dataRoot;
        uint32 batchCount;
        uint32 users;
        /// The run this one corrects (its key), or zero for the period's first run.
        bytes32 replaces;
    }

    struct Outcome {
        /// The run's pool: the formula's pool plus the remainder carried in.
        uint256 pool;
        /// S, the sum of every noisy score.
        uint256 totalNoisy;
        uint256 totalAwards;
        uint256 remainder;
        uint256 beacon;
        uint256 awardRoot;
        /// The draw: W and U.
        uint256 drawTotal;
        uint256 drawOffset;
        bytes32 manifestSha256;
    }

    struct Batch {
        uint32 index;
        uint256 dataRoot;
        uint256 awardRoot;
        uint256 noisySum;
        uint256 awardSum;
        uint256 drawStart;
        uint256 drawEnd;
        uint256 drawWins;
        uint256 entries;
    }

    struct Proof {
        uint256[2] a;
        uint256[2][2] b;
        uint256[2] c;
    }

    struct Run {
        bytes32 periodKey;
        bytes32 instance;
        bytes32 formulaSha256;
        uint256 formulaPoseidon;
        uint256 dataRoot;
        uint32 batchCount;
        uint32 users;
        bytes32 replaces;
        /// The draw's tag: the UTF-8 bytes of "stones-draw/<period>" as one big-endian integer.
        uint256 drawTag;
        uint64 committedAt;
        uint64 committedBlock;
        uint64 recordedAt;
        uint64 recordedBlock;
        uint256 pool;
        uint256 totalNoisy;
        uint256 totalAwards;
        uint256 remainder;
        uint256 beacon;
        uint256 awardRoot;
        uint256 drawTotal;
        uint256 drawOffset;
        bytes32 manifestSha256;
        /// Poseidon(formula hash, pool, S, beacon, W, U): the first input of every batch statement.
        uint256 runStatement;
        uint32 batchesVerified;
        uint256 noisyVerified;
        uint256 awardsVerified;
    }

    address public operator;
    IPoseidon2 public poseidon2;
    IPoseidon5 public poseidon5;
    IPoseidon6 public poseidon6;

    mapping(bytes32 instance => IGroth16Verifier) public verifiers;
    mapping(bytes32 runKey => Run) internal runs;
    /// The latest run committed for a period (keccak256 of the period id).
    mapping(bytes32 periodKey => bytes32 runKey) public latestRunOfPeriod;
    mapping(bytes32 runKey => mapping(uint256 batch => bool)) public batchVerified;

    event InstanceAdded(bytes32 indexed instance, string name, address verifier);
    event RunCommitted(bytes32 indexed runKey, bytes32 indexed periodKey, Commitment commitment);
    event RunRecorded(bytes32 indexed runKey, Outcome outcome, uint256 runStatement);
    event BatchVerified(bytes32 indexed runKey, uint256 indexed batch, uint256 statement);
    event RunVerified(bytes32 indexed runKey);

    error NotOperator();
    error InstanceExists(bytes32 instance);
    error UnknownInstance(bytes32 instance);
    error RunExists(bytes32 runKey);
    error PeriodPublished(bytes32 periodKey, bytes32 latest);
    error UnknownRun(bytes32 runKey);
    error NotCommitted(bytes32 runKey);
    error AlreadyRecorded(bytes32 runKey);
    error Replaced(bytes32 runKey, bytes32 latest);
    error NotRecorded(bytes32 runKey);
    error NotInField(string what);
    error EmptyRun();
    error PoolMismatch();
    error DrawOffsetMismatch(uint256 expected);
    error PeriodTooLong();
    error BatchOutOfRange(uint256 batch);
    error BatchAlreadyVerified(uint256 batch);
    error PathLength(uint256 expected);
    error DataRootMismatch(uint256 batch);
    error AwardRootMismatch(uint256 batch);
    error ProofRejected(uint256 batch);
    error SumsMismatch();

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator();
        _;
    }

    constructor(IPoseidon2 p2, IPoseidon5 p5, IPoseidon6 p6, string[] memory names, IGroth16Verifier[] memory instanceVerifiers) {
        operator = msg.sender;
        poseidon2 = p2;
        poseidon5 = p5;
        poseidon6 = p6;
        require(names.length == instanceVerifiers.length, "names and verifiers differ in length");
        for (uint256 i = 0; i < names.length; i++) {
            _addInstance(names[i], instanceVerifiers[i]);
        }
    }

    /// A new circuit instance's verifier; an instance once added never changes.
    function addInstance(string calldata name, IGroth16Verifier verifier) external onlyOperator {
        _addInstance(name, verifier);
    }

    function _addInstance(string memory name, IGroth16Verifier verifier) internal {
        bytes32 instance = keccak256(bytes(name));
        if (address(verifiers[instance]) != address(0)) revert InstanceExists(instance);
        verifiers[instance] = verifier;
        emit InstanceAdded(instance, name, address(verifier));
    }

    function runKeyOf(string memory runId) public pure returns (bytes32) {
        return keccak256(bytes(runId));
    }

    function periodKeyOf(string memory period) public pure returns (bytes32) {
        return keccak256(bytes(period));
    }

    function getRun(bytes32 runKey) external view returns (Run memory) {
        return runs[runKey];
    }

    /// Fixes a run's data root (and formula, instance, batch count) before its beacon is drawn.
    function commitRun(Commitment calldata c) external onlyOperator returns (bytes32 runKey) {
        runKey = runKeyOf(c.runId);
        bytes32 periodKey = periodKeyOf(c.period);
        if (runs[runKey].committedAt != 0) revert RunExists(runKey);
        bytes32 latest = latestRunOfPeriod[periodKey];
        if (c.replaces != latest) revert PeriodPublished(periodKey, latest);
        if (address(verifiers[c.instance]) == address(0)) revert UnknownInstance(c.instance);
        if (c.batchCount == 0) revert EmptyRun();
        _inField(c.formulaPoseidon, "formulaPoseidon");
        _inField(c.dataRoot, "dataRoot");
        Run storage run = runs[runKey];
        run.periodKey = periodKey;
        run.instance = c.instance;
        run.formulaSha256 = c.formulaSha256;
        run.formulaPoseidon = c.formulaPoseidon;
        run.dataRoot = c.dataRoot;
        run.batchCount = c.batchCount;
        run.users = c.users;
        run.replaces = c.replaces;
        run.drawTag = _drawTag(c.period);
        run.committedAt = uint64(block.timestamp);
        run.committedBlock = uint64(block.number);
        latestRunOfPeriod[periodKey] = runKey;
        emit RunCommitted(runKey, periodKey, c);
    }

    /// Adds a committed run's published outcome, once.
    function recordRun(bytes32 runKey, Outcome calldata o) external onlyOperator {
        Run storage run = runs[runKey];
        if (run.committedAt == 0) revert NotCommitted(runKey);
        if (run.recordedAt != 0) revert AlreadyRecorded(runKey);
        // A run replaced by a correction before its outcome was recorded stays unrecorded.
        if (latestRunOfPeriod[run.periodKey] != runKey) revert Replaced(runKey, latestRunOfPeriod[run.periodKey]);
        _inField(o.pool, "pool");
        _inField(o.totalNoisy, "totalNoisy");
        _inField(o.beacon, "beacon");
        _inField(o.awardRoot, "awardRoot");
        _inField(o.drawTotal, "drawTotal");
        _inField(o.drawOffset, "drawOffset");
        if (o.totalAwards + o.remainder != o.pool) revert PoolMismatch();
        // The draw's offset is the beacon's, not the operator's choice: U = (low 128 bits of Poseidon(beacon, tag)) mod W.
        uint256 u = poseidon2.poseidon([o.beacon, run.drawTag]) & LOW_128;
        uint256 offset = o.drawTotal == 0 ? 0 : u % o.drawTotal;
        if (o.drawOffset != offset) revert DrawOffsetMismatch(offset);
        run.pool = o.pool;
        run.totalNoisy = o.totalNoisy;
        run.totalAwards = o.totalAwards;
        run.remainder = o.remainder;
        run.beacon = o.beacon;
        run.awardRoot = o.awardRoot;
        run.drawTotal = o.drawTotal;
        run.drawOffset = o.drawOffset;
        run.manifestSha256 = o.manifestSha256;
        run.runStatement = poseidon6.poseidon([run.formulaPoseidon, o.pool, o.totalNoisy, o.beacon, o.drawTotal, o.drawOffset]);
        run.recordedAt = uint64(block.timestamp);
        run.recordedBlock = uint64(block.number);
        emit RunRecorded(runKey, o, run.runStatement);
    }

    /// Verifies one batch proof of a recorded run, once. The batch's roots must be leaves of the
    /// run's binary top trees (sibling paths, bottom up) and the proof must verify for the
    /// statement rebuilt from the record and the batch. When every batch is verified, their
    /// noisy and award sums must give the recorded S and total awards.
    function verifyBatch(bytes32 runKey, Batch calldata b, uint256[] calldata dataPath, uint256[] calldata awardPath, Proof calldata p)
        external
    {
        Run storage run = runs[runKey];
        if (run.recordedAt == 0) revert NotRecorded(runKey);
        if (b.index >= run.batchCount) revert BatchOutOfRange(b.index);
        if (batchVerified[runKey][b.index]) revert BatchAlreadyVerified(b.index);
        _checkBatchFields(b);
        uint256 depth = _treeDepth(run.batchCount);
        if (dataPath.length != depth || awardPath.length != depth) revert PathLength(depth);
        if (_rootOf(b.dataRoot, b.index, dataPath) != run.dataRoot) revert DataRootMismatch(b.index);
        if (_rootOf(b.awardRoot, b.index, awardPath) != run.awardRoot) revert AwardRootMismatch(b.index);
        uint256 sums = poseidon6.poseidon([b.noisySum, b.awardSum, b.drawStart, b.drawEnd, b.drawWins, b.entries]);
        uint256 statement = poseidon5.poseidon([run.runStatement, uint256(b.index), b.dataRoot, b.awardRoot, sums]);
        if (!verifiers[run.instance].verifyProof(p.a, p.b, p.c, [statement])) revert ProofRejected(b.index);
        batchVerified[runKey][b.index] = true;
        run.batchesVerified += 1;
        run.noisyVerified += b.noisySum;
        run.awardsVerified += b.awardSum;
        emit BatchVerified(runKey, b.index, statement);
        if (run.batchesVerified == run.batchCount) {
            if (run.noisyVerified != run.totalNoisy || run.awardsVerified != run.totalAwards) revert SumsMismatch();
            emit RunVerified(runKey);
        }
    }

    function _checkBatchFields(Batch calldata b) internal pure {
        _inField(b.dataRoot, "batch.dataRoot");
        _inField(b.awardRoot, "batch.awardRoot");
        _inField(b.noisySum, "batch.noisySum");
        _inField(b.awardSum, "batch.awardSum");
        _inField(b.drawStart, "batch.drawStart");
        _inField(b.drawEnd, "batch.drawEnd");
        _inField(b.drawWins, "batch.drawWins");
        _inField(b.entries, "batch.entries");
    }

    /// As pipeline/draw/draw-tag.ts: "stones-draw/<period>" (at most 31 bytes) read big-endian.
    function _drawTag(string calldata period) internal pure returns (uint256) {
        bytes memory tag = bytes.concat(DRAW_TAG_PREFIX, bytes(period));
        if (tag.length > 31) revert PeriodTooLong();
        return uint256(bytes32(tag)) >> (8 * (32 - tag.length));
    }

    function _inField(uint256 value, string memory what) internal pure {
        if (value >= FIELD) revert NotInField(what);
    }

    /// Levels of the top tree: the batch roots padded with zeros to a power of two.
    function _treeDepth(uint256 batchCount) internal pure returns (uint256 depth) {
        while ((uint256(1) << depth) < batchCount) depth++;
    }

    function _rootOf(uint256 leaf, uint256 index, uint256[] calldata path) internal view returns (uint256 node) {
        node = leaf;
        for (uint256 level = 0; level < path.length; level++) {
            _inField(path[level], "path");
            node = ((index >> level) & 1) == 0 ? poseidon2.poseidon([node, path[level]]) : poseidon2.poseidon([path[level], node]);
        }
    }
}
