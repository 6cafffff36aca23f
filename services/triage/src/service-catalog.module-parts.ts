import { SERVICE_CATALOG_HANDLERS } from './application/service-catalog.handlers';
import { ServiceCatalogProjection } from './application/service-catalog.projection';
import { ServicesController } from './http/services.controller';

/*
 * The service catalog's pieces, for TriageModule to spread into its own lists. They need
 * CqrsModule and the kernel ports (InfrastructureModule) from the importing module.
 * The `service-` streams are internal: they are not added to the relay's prefixes.
 */
export const SERVICE_CATALOG_CONTROLLERS = [ServicesController];
export const SERVICE_CATALOG_PROVIDERS = [ServiceCatalogProjection, ...SERVICE_CATALOG_HANDLERS];
