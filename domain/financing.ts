import { z } from 'zod';
import { IdText } from './text.js';

/** Expense categories from the «Источники финансирования» slide of seed 000. */
export const ExpenseCategory = z.enum([
  'staff_training',
  'equipment_purchase',
  'equipment_repair',
  'routine_repair',
  'furniture',
  'information_materials',
]);
export type ExpenseCategory = z.infer<typeof ExpenseCategory>;

export const FinancingSource = z.enum(['nsz_tfoms', 'oms_funds', 'smo']);
export type FinancingSource = z.infer<typeof FinancingSource>;

export const expenseLabel: Record<ExpenseCategory, string> = {
  staff_training: 'Обучение персонала медицинских организаций',
  equipment_purchase: 'Приобретение медицинского оборудования',
  equipment_repair: 'Ремонт медицинского оборудования',
  routine_repair: 'Текущий ремонт',
  furniture: 'Приобретение мебели',
  information_materials: 'Информационные материалы',
};

export const sourceLabel: Record<FinancingSource, string> = {
  nsz_tfoms: 'НСЗ ТФОМС',
  oms_funds: 'Средства ОМС',
  smo: 'СМО',
};

/** The only expense → source pairs seed 000 allows. */
export const allowedSources: Record<ExpenseCategory, readonly FinancingSource[]> = {
  staff_training: ['nsz_tfoms', 'smo'],
  equipment_purchase: ['nsz_tfoms', 'oms_funds'],
  equipment_repair: ['nsz_tfoms', 'oms_funds'],
  routine_repair: ['oms_funds'],
  furniture: ['oms_funds'],
  information_materials: ['smo'],
};

export function isFinancingAllowed(expense: ExpenseCategory, source: FinancingSource): boolean {
  return allowedSources[expense].includes(source);
}

/**
 * Money is exact: amounts arrive as roubles with at most two decimals and are counted in
 * kopecks, integers, everywhere they are added up (a sum of binary fractions printed
 * 1969346.9100000001 on a financing plan). 100 billion roubles bounds one line.
 */
export const MAX_AMOUNT_ROUBLES = 100_000_000_000;

/** Kopecks of an amount in roubles that passed `Amount` (at most two decimals). */
export const kopecksOf = (roubles: number): number => Math.round(roubles * 100);

/** Roubles of a kopeck count: the nearest double to the exact decimal, which Excel and JSON print exactly. */
export const roublesOf = (kopecks: number): number => kopecks / 100;

const hasAtMostTwoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

export const Amount = z
  .number({ error: 'укажите сумму числом' })
  .nonnegative({ error: 'сумма не может быть отрицательной' })
  .max(MAX_AMOUNT_ROUBLES, { error: `сумма не больше ${MAX_AMOUNT_ROUBLES.toLocaleString('ru-RU')} руб.` })
  .refine(hasAtMostTwoDecimals, { error: 'сумма в рублях с точностью до копейки (не больше двух знаков после запятой)' });

export const FinancingLine = z
  .object({
    moId: IdText,
    expense: ExpenseCategory,
    source: FinancingSource,
    /** Roubles, kopecks allowed (two decimals at most); added up in kopecks. */
    amount: Amount,
  })
  .strict();
export type FinancingLine = z.infer<typeof FinancingLine>;
