import { Actor, Role } from '@app/common';
import { beijingToday, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';

import { CreateFinancingNeedDto, CreateFinancingOfferDto, FinancingOutcomeDto } from './dto/finance.dto';
import { CollateralKind, FinancingOutcome } from './finance.domain';
import { FinanceService } from './finance.service';

/** The granted need's title doubles as the loader's "already loaded" marker. */
export const DEMO_GRANTED_NEED_TITLE = '五轴联动加工中心扩产流动资金贷款';
export const DEMO_OPEN_NEED_TITLE = '车规级 MCU 研发团队扩充与流片融资';

export interface FinanceDemoResult {
  needs: number;
  offers: number;
  loans: number;
  skipped: boolean;
}

/**
 * Loads the finance variant's demo through its service (events recorded, the indicators follow), after the
 * registry's DemoLoader: 昆山精毅's need answered by both demo banks, the 昆科贷 offer accepted and the loan granted;
 * 昆山睿芯's need published with one offer (苏州银行), still open for 昆山农商银行 to answer. Idempotent.
 */
@Injectable()
export class FinanceDemoLoader {
  private readonly logger = new Logger(FinanceDemoLoader.name);

  constructor(
    private readonly finance: FinanceService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async load(): Promise<FinanceDemoResult> {
    const result: FinanceDemoResult = { needs: 0, offers: 0, loans: 0, skipped: false };
    const jingyi = await this.actorOf('enterprise1@zcz.local', Role.Enterprise);
    const ruixin = await this.actorOf('enterprise2@zcz.local', Role.Enterprise);
    const bank1 = await this.actorOf('bank1@zcz.local', Role.Bank);
    const bank2 = await this.actorOf('bank2@zcz.local', Role.Bank);
    if (!jingyi || !ruixin || !bank1 || !bank2) {
      this.logger.warn('Demo finance: a demo enterprise or bank account is missing; skipped');
      return { ...result, skipped: true };
    }
    const mine = await this.finance.list(jingyi, { page: 1, pageSize: 100 });
    if (mine.items.some((n) => n.title === DEMO_GRANTED_NEED_TITLE)) return { ...result, skipped: true };

    const granted = await this.finance.create(
      jingyi,
      plainToInstance(CreateFinancingNeedDto, {
        title: DEMO_GRANTED_NEED_TITLE,
        purpose: '采购 3 台五轴联动加工中心及配套检测设备，补充谐波减速器柔轮扩产所需的流动资金。',
        amount: 800,
        termMonths: 36,
        collateralKinds: [CollateralKind.IntellectualProperty, CollateralKind.Equipment],
        collateralDetails: '发明专利 6 件（精密传动方向）可质押；新购加工中心设备可抵押，评估价约 1100 万元。',
        annualRevenue: 12600,
        netProfit: 950,
        contactName: '周建华',
        contactPhone: '13962601234',
      }),
    );
    await this.finance.publish(jingyi, granted.id, {});
    const kunke = await this.finance.submitOffer(
      bank1,
      granted.id,
      plainToInstance(CreateFinancingOfferDto, {
        productName: '昆科贷',
        amount: 800,
        rateMin: 3.1,
        rateMax: 3.45,
        termMonths: 36,
        conditions: '知识产权质押 + 法定代表人连带责任保证；纳入市级科技金融风险补偿资金池，享受贷款贴息。',
      }),
    );
    await this.finance.submitOffer(
      bank2,
      granted.id,
      plainToInstance(CreateFinancingOfferDto, {
        productName: '高企贷',
        amount: 600,
        rateMin: 3.35,
        rateMax: 3.85,
        termMonths: 24,
        conditions: '须为有效期内高新技术企业；设备抵押，按季付息、到期还本。',
      }),
    );
    await this.finance.accept(jingyi, kunke.id, {});
    await this.finance.close(
      jingyi,
      granted.id,
      plainToInstance(FinancingOutcomeDto, {
        outcome: FinancingOutcome.Granted,
        loanAmount: 800,
        loanDate: beijingToday(),
      }),
    );
    result.needs++;
    result.offers += 2;
    result.loans++;

    const open = await this.finance.create(
      ruixin,
      plainToInstance(CreateFinancingNeedDto, {
        title: DEMO_OPEN_NEED_TITLE,
        purpose: '引进车规级芯片设计人才 12 名，支付 AEC-Q100 认证测试与两轮工程流片费用。',
        amount: 500,
        termMonths: 24,
        collateralKinds: [CollateralKind.None, CollateralKind.Guarantee],
        collateralDetails: '无不动产；可由昆山市科技融资担保公司提供保证。',
        annualRevenue: 4300,
        netProfit: -260,
        contactName: '沈立',
        contactPhone: '13915507788',
      }),
    );
    await this.finance.publish(ruixin, open.id, {});
    await this.finance.submitOffer(
      bank2,
      open.id,
      plainToInstance(CreateFinancingOfferDto, {
        productName: '人才贷',
        amount: 300,
        rateMin: 3.0,
        rateMax: 3.6,
        termMonths: 24,
        conditions: '引进人才须入选昆山市级以上人才计划；信用方式，担保公司提供保证。',
      }),
    );
    result.needs++;
    result.offers++;
    return result;
  }

  private async actorOf(email: string, role: Role): Promise<Actor | null> {
    const user = await this.users.findByEmail(email);
    return user?.active && user.organisationId ? { userId: user.id, role, organisationId: user.organisationId } : null;
  }
}
