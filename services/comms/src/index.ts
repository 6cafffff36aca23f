export * from './comms.module';
export * from './service';
export { AppModule as CommsAppModule } from './app.module';
export { signatureHeader, verifySignature, SIGNATURE_HEADER, DELIVERY_HEADER, EVENT_HEADER } from './application/webhook-signature';
export { verifyLinchpinSignature } from './channels/verify-signature';
export { COMMS_SETTINGS, commsSettings } from './comms.settings';
export type { CommsSettings } from './comms.settings';
