import { apiException, ConsoleError, consoleFile, django, drf, HANDLER_CALL, traceback, under, type Frame } from './console-error';
import { DRF } from './messages';

/** Each way the console's code fails on these five operations, with the frames that raise it (v6.9.8, DRF 3.16.0, Django 5.2). */

function frame(file: string, line: number, fn: string, code: string, expr?: string): Frame {
  return expr ? [file, line, fn, code, under(code, expr)] : [file, line, fn, code];
}

/** OpenAPIManageAuthentication (openapi/v2/auth/authentication.py:32-43): the header must be MANAGE_TOKEN itself. */
export function authenticationFailed(detail: 'No token' | 'token is invalid'): ConsoleError {
  const raising = detail === 'No token' ? 36 : 39;
  const frames: Frame[] = [
    [drf('views.py'), 503, 'dispatch', 'self.initial(request, *args, **kwargs)'],
    [drf('views.py'), 420, 'initial', 'self.perform_authentication(request)'],
    [drf('views.py'), 330, 'perform_authentication', 'request.user'],
    [drf('request.py'), 232, 'user', 'self._authenticate()'],
    frame(drf('request.py'), 385, '_authenticate', 'user_auth_tuple = authenticator.authenticate(self)', 'authenticator.authenticate(self)'),
    [consoleFile('openapi/v2/auth/authentication.py'), raising, 'authenticate', `raise exceptions.AuthenticationFailed('${detail}')`],
  ];
  return apiException(401, 'AuthenticationFailed', detail, frames);
}

/** APIView.http_method_not_allowed (rest_framework/views.py:168-173), reached only after authentication. */
export function methodNotAllowed(method: string): ConsoleError {
  const detail = DRF.methodNotAllowed(method);
  const frames: Frame[] = [HANDLER_CALL, [drf('views.py'), 173, 'http_method_not_allowed', 'raise exceptions.MethodNotAllowed(request.method)']];
  return apiException(405, 'MethodNotAllowed', detail, frames);
}

function unhandled(errorType: string, module: string, message: string, frames: Frame[]): ConsoleError {
  return new ConsoleError({ kind: 'unhandled', errorType, module, message, trace: traceback(frames, `${module}.${errorType}: ${message}`) });
}

const LIST_CALL = 'regions, total = region_services.get_regions_with_resource(query, page, page_size)';
const listFrames = (): Frame[] => [HANDLER_CALL, frame(consoleFile('openapi/v2/views/region_view.py'), 45, 'get', LIST_CALL, 'region_services.get_regions_with_resource(query, page, page_size)')];

/** region_repo.py:113 filters with `__constains`, a lookup Django does not have: any non-empty query. */
export function unsupportedLookup(): ConsoleError {
  const code = 'return RegionConfig.objects.filter(Q(region_name__constains=query) | Q(region_alias__constains=query)).all()';
  return unhandled('FieldError', 'django.core.exceptions', "Unsupported lookup 'constains' for CharField or join on the field not permitted, perhaps you meant contains or icontains?", [
    ...listFrames(),
    frame(consoleFile('console/services/region_services.py'), 232, 'get_regions_with_resource', 'regions = region_repo.get_all_regions(query)', 'region_repo.get_all_regions(query)'),
    [consoleFile('console/repositories/region_repo.py'), 113, 'get_all_regions', code],
    [django('db/models/sql/query.py'), 1460, 'try_transform', 'raise FieldError('],
  ]);
}

/** Django's Paginator.page (region_services.py:237): a page below 1, past the end, or of a negative size. */
export function emptyPage(belowOne: boolean): ConsoleError {
  const key = belowOne ? 'min_page' : 'no_results';
  return unhandled('EmptyPage', 'django.core.paginator', belowOne ? DRF.pageBelowOne : DRF.pageEmpty, [
    ...listFrames(),
    frame(consoleFile('console/services/region_services.py'), 237, 'get_regions_with_resource', 'regions = paginator.page(page)  # type: ignore[assignment]', 'paginator.page(page)'),
    frame(django('core/paginator.py'), 89, 'page', 'number = self.validate_number(number)', 'self.validate_number(number)'),
    [django('core/paginator.py'), belowOne ? 69 : 71, 'validate_number', `raise EmptyPage(self.error_messages["${key}"])`],
  ]);
}

/** region_services.update_region (region_services.py:491-496) on an id that is not there. */
export function regionNotExist(regionId: string): ConsoleError {
  return unhandled('RegionNotExistException', 'console.services.region_services', `数据中心${regionId}不存在`, [
    HANDLER_CALL,
    frame(consoleFile('openapi/v2/views/region_view.py'), 135, 'put', 'new_region = region_services.update_region(region_data)', 'region_services.update_region(region_data)'),
    [consoleFile('console/services/region_services.py'), 496, 'update_region', 'raise RegionNotExistException("数据中心{0}不存在".format(region_id))'],
  ]);
}

/** add_region (region_services.py:429-432) looks up `enterprise_id`, which the serializer never has. */
export function enterpriseNotFound(): ConsoleError {
  return new ConsoleError({ kind: 'service', status: 404, msg: 'enterprise not found', msgShow: '企业不存在' });
}
