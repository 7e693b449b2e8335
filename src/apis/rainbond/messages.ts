/**
 * The console answers in Chinese: `LANGUAGE_CODE = 'zh-hans'` with no LocaleMiddleware
 * (goodrain_web/settings.py), so Accept-Language changes nothing. These are the texts of
 * Django REST framework 3.16.0's catalogue (rest_framework/locale/zh_Hans/LC_MESSAGES/django.po)
 * and Django's, byte for byte: the quotes are U+201C/U+201D, the stops U+3002. Where the
 * catalogue has no translation, the English text is what goes out.
 */
export const DRF = {
  required: '该字段是必填项。',
  null: '该字段不能为 null。',
  blank: '该字段不能为空。',
  /** msgstr "" in the catalogue. */
  invalidString: 'Not a valid string.',
  maxLength: (n: number) => `请确保这个字段不能超过 ${n} 个字符。`,
  /** Django's own catalogue (django/conf/locale/zh_Hans), sic. */
  nullCharacters: '不允许是用空字符串。',
  /** msgstr "" in the catalogue. */
  surrogate: (codePoint: number) => `Surrogate characters are not allowed: U+${codePoint.toString(16).toUpperCase()}.`,
  notADict: (datatype: string) => `无效数据。期待为字典类型，得到的是 ${datatype} 。`,
  /** Serializer.errors for a body that is JSON null (serializers.py:577-584): not a msgid. */
  noData: 'No data provided',
  /** Django's unique message with RegionConfig's verbose names (ModelSerializer's UniqueValidator). */
  unique: (field: string) => `具有 ${field.replace(/_/g, ' ')} 的 region config 已存在。`,
  methodNotAllowed: (method: string) => `方法 “${method}” 不被允许。`,
  unsupportedMediaType: (type: string) => `不支持请求中的媒体类型 “${type}”。`,
  /** Django's Paginator (django/core/paginator.py) in zh-hans. */
  pageBelowOne: '页码小于 1',
  pageEmpty: '本页结果为空',
} as const;

/** The console's own words: its field validators (openapi/v2/serializer/region_serializer.py:12-36) and views. */
export const CONSOLE = {
  regionMissing: '数据中心不存在',
  regionToChangeMissing: '修改的数据中心不存在',
  validationDetail: '参数错误',
} as const;
