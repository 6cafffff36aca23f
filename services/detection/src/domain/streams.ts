/** Detection's own streams (DESIGN.md): one per alert fingerprint, one per incident it opened. */
export const ALERT_STREAM_PREFIX = 'alert-';
export const DETECTION_STREAM_PREFIX = 'detection-';

export const alertStream = (fingerprint: string): string => `${ALERT_STREAM_PREFIX}${fingerprint}`;
export const detectionStream = (incidentId: string): string => `${DETECTION_STREAM_PREFIX}${incidentId}`;
