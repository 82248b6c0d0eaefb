// Starts Swagger UI on /docs (api/templates/swagger_ui.html): a script file rather than an
// inline one, so the page's Content-Security-Policy needs no 'unsafe-inline' for scripts.
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  var config = {
    url: root.dataset.specUrl,
    domNode: root,
    deepLinking: true,
    validatorUrl: null, // never send the spec to an outside validator
  };
  Object.assign(config, JSON.parse(root.dataset.config));
  window.ui = SwaggerUIBundle(config);
});
