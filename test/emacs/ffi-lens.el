;;; ffi-lens.el --- drive eglot against `ffi-lens lsp --stdio' in batch mode  -*- lexical-binding: t -*-
;; Opens one C file, starts eglot with the server, waits for the diagnostics
;; (through flymake, as a user sees them), asks a hover on `struct sample' and
;; writes what it got as JSON to $FFI_LENS_OUT. Written for Debian 12's Emacs
;; 28.2 with the elpa-eglot package (eglot 1.9); eglot is built into Emacs 29+.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'json)

(defvar ffi-lens-server (getenv "FFI_LENS_SERVER"))
(defvar ffi-lens-out (getenv "FFI_LENS_OUT"))
(defvar ffi-lens-file (getenv "FFI_LENS_FILE"))

(defun ffi-lens-finish (result)
  (with-temp-file ffi-lens-out (insert (json-encode result)))
  (kill-emacs 0))

;; What the README shows, with the bundle run by node instead of the `ffi-lens' bin.
(add-to-list 'eglot-server-programs
             `((c-mode c++-mode) . ("node" ,ffi-lens-server "lsp" "--stdio")))
;; eglot 1.9 reads an alist (SECTION . SETTINGS); Emacs 29's eglot also takes the plist form.
(setq-default eglot-workspace-configuration
              '((:ffiLens . (:targets ["x86_64-unknown-linux-gnu" "i686-unknown-linux-gnu"]))))
;; The file's folder is the project (no version control in the test's temporary folder).
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient (file-name-directory ffi-lens-file))))

(condition-case err
    (progn
      (find-file ffi-lens-file)
      (c-mode)
      ;; What M-x eglot does (eglot-ensure waits for a command to finish, which batch mode never runs).
      (apply #'eglot (eglot--guess-contact))
      (let ((deadline (+ (float-time) 30)))
        (while (and (not (eglot-current-server)) (< (float-time) deadline))
          (accept-process-output nil 0.1)))
      (unless (eglot-current-server) (error "eglot did not connect"))
      ;; Diagnostics: flymake asks eglot's backend; in batch mode start it by hand until they come.
      (let ((deadline (+ (float-time) 30)) diags)
        (while (and (null diags) (< (float-time) deadline))
          (flymake-start)
          (accept-process-output nil 0.2)
          (setq diags (flymake-diagnostics)))
        (goto-char (point-min))
        (search-forward "struct sample")
        (backward-char 3)
        (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                       (eglot--TextDocumentPositionParams)))
               (contents (plist-get hover :contents)))
          (ffi-lens-finish
           `((diagnostics . ,(vconcat
                              (mapcar (lambda (d)
                                        `((line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                                          (text . ,(flymake-diagnostic-text d))))
                                      diags)))
             (hover . ,(if (stringp contents) contents (plist-get contents :value))))))))
  (error (ffi-lens-finish `((error . ,(error-message-string err))))))
