/**
 * The outbound adapter contract lives in the chat layer (src/chat/sending.ts), where adapters may
 * import it; the dispatcher uses it from there. Re-exported here for the outbox's own modules.
 */
export { asSendError, SendError, type PlatformAddress, type PlatformSender, type SendErrorOptions, type SendResult } from '../../chat/sending.js';
