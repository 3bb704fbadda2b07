// Starts Swagger UI over the app's own OpenAPI document. A served file, not an inline
// script, so that a Content-Security-Policy without 'unsafe-inline' scripts allows it.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    persistAuthorization: false,
  });
});
