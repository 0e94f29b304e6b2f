export { verifyReceipt, type ReceiptVerification } from './verify-receipt.js';
