export * from './calendar';
export * from './indicator.dto';
export * from './indicator.entities';
export * from './indicator-catalogue';
export * from './indicator-demo';
export * from './indicator-facts.service';
export * from './indicators.module';
export * from './indicators.service';
