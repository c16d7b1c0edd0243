export * from './challenge/challenge.domain';
export * from './challenge/challenge.entity';
export * from './challenge/challenge.rules';
export * from './challenge/challenge.service';
export * from './challenge/challenge.workflow';
export * from './challenge/dto/challenge.dto';
export * from './challenges.entities';
export * from './challenges.module';
