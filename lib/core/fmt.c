/*
 * eb_vsnprintf: the one formatter used by the library and the reference
 * kernel (whose printf is built on it). No floating point, no locale.
 */
#include <ebreak/fmt.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;	/* characters wanted so far, written or not */
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	int left;	/* '-' flag */
	int zero;	/* '0' flag */
	char sign;	/* '+' or ' ' flag: before a signed number not < 0 */
	int width;
	int precision;	/* -1 when absent */
};

static void
put_str(struct out *o, const char *s, const struct spec *sp)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while ((sp->precision < 0 || n < sp->precision) && s[n])
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

char *
eb_fmt_digits(char *end, uint64_t v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = digits[v % base];
		v /= base;
	} while (v);
	return end;
}

static void
put_num(struct out *o, uint64_t v, char sign, unsigned base, int upper,
	const struct spec *sp)
{
	char tmp[EB_FMT_DIGITS_MAX], *end = tmp + sizeof tmp;
	char *d = eb_fmt_digits(end, v, base, upper);
	int len = (int)(end - d) + (sign != 0);

	if (sp->left) {
		if (sign)
			put(o, sign);
		while (d < end)
			put(o, *d++);
		pad(o, ' ', sp->width - len);
		return;
	}
	if (sp->zero) {
		if (sign)
			put(o, sign);
		pad(o, '0', sp->width - len);
	} else {
		pad(o, ' ', sp->width - len);
		if (sign)
			put(o, sign);
	}
	while (d < end)
		put(o, *d++);
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->left = sp->zero = sp->width = sp->sign = 0;
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+' || *f == ' ')
			sp->sign = sp->sign == '+' ? '+' : *f;	/* '+' wins, as C's */
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	return f;
}

int
eb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		struct spec sp;
		f = parse_spec(f + 1, &sp, &args);
		int longs = 0;
		while (*f == 'l' || *f == 'z') {
			longs += *f == 'z' ? 2 : 1;
			f++;
		}
		int64_t s;
		uint64_t u;
		switch (*f) {
		case 'd':
		case 'i':
			s = longs ? va_arg(args, long long) : va_arg(args, int);
			u = s < 0 ? -(uint64_t)s : (uint64_t)s;
			put_num(&o, u, s < 0 ? '-' : sp.sign, 10, 0, &sp);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = longs ? va_arg(args, unsigned long long)
				  : va_arg(args, unsigned int);
			put_num(&o, u, 0, *f == 'u' ? 10 : *f == 'o' ? 8 : 16,
				*f == 'X', &sp);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(args, void *), 0, 16, 0, &sp);
			break;
		case 's':
			put_str(&o, va_arg(args, const char *), &sp);
			break;
		case 'c':
			put(&o, (char)va_arg(args, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default:	/* unknown conversion: print it as written */
			put(&o, '%');
			if (!*f)
				f--;
			else
				put(&o, *f);
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
eb_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = eb_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
