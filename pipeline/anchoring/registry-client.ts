import { BaseError, ContractFunctionRevertedError, type Abi, type Address, type Hex, type TransactionReceipt } from 'viem';
import { ChainError, UsageError } from '../errors/index.js';
import { shortChainMessage, type ChainConnection } from './chain-connection.js';
import { registryArtifact } from './contract-artifacts.js';
import { CHAIN_KEY_ENV } from './sender-key.js';

/** A revert's custom error by name (`ProofRejected(3)`), else viem's one-line message. */
function revertReason(error: unknown): string {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName) {
      return `${revert.data.errorName}(${(revert.data.args ?? []).map(String).join(', ')})`;
    }
  }
  return shortChainMessage(error);
}

/** StonesRegistry.getRun's fields that say how far a run's record is. */
export interface RegistryRunState {
  instance: Hex;
  committedAt: bigint;
  committedBlock: bigint;
  recordedAt: bigint;
  dataRoot: bigint;
  manifestSha256: Hex;
}

/** The StonesRegistry at an address: its reads as ChainErrors, its writes simulated first. */
export class RegistryClient {
  readonly abi: Abi = registryArtifact().abi;

  constructor(
    readonly connection: ChainConnection,
    readonly address: Address,
  ) {}

  async read<T>(functionName: string, args: readonly unknown[]): Promise<T> {
    try {
      return (await this.connection.publicClient.readContract({ address: this.address, abi: this.abi, functionName, args })) as T;
    } catch (error) {
      throw new ChainError(`reading ${functionName} from the registry at ${this.address}: ${revertReason(error)}`, { cause: error });
    }
  }

  /**
   * Simulates first, so a transaction the registry would refuse is never sent and its reason is
   * named; a refusal named `done` (the step was done meanwhile) gives undefined, not an error.
   */
  async send(what: string, functionName: string, args: readonly unknown[], done: string): Promise<TransactionReceipt | undefined> {
    const wallet = this.connection.wallet;
    if (!wallet) throw new UsageError(`anchoring needs a sender key: --key FILE or ${CHAIN_KEY_ENV}`);
    try {
      const { request } = await this.connection.publicClient.simulateContract({
        address: this.address,
        abi: this.abi,
        functionName,
        args,
        account: wallet.account,
      });
      const hash = await wallet.writeContract(request);
      const receipt = await this.connection.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new ChainError(`${what}: transaction ${hash} reverted`);
      return receipt;
    } catch (error) {
      if (error instanceof ChainError) throw error;
      const reason = revertReason(error);
      if (reason.startsWith(`${done}(`)) return undefined;
      throw new ChainError(`${what}: the registry refused it: ${reason}`, { cause: error });
    }
  }
}
