export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './auth.service';
export * from './dto/auth.dto';
export * from './password';
export * from './token.service';
export * from './user.entity';
