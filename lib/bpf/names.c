/*
 * Linux's names of its helper ids and map types, for messages and the
 * disassembler: every id Linux defines, whether ebreak builds it or not,
 * so that a program built for Linux is told which helper or map type it
 * asked for. Helper ids are include/uapi/linux/bpf.h's
 * ___BPF_FUNC_MAPPER (0..211; the list is frozen there, new kernel
 * functions being kfuncs), without the bpf_ prefix; map types are
 * enum bpf_map_type's, named as libbpf's map_type_name[] and bpftool
 * print them. Each table is one string of NUL-terminated names in id
 * order, walked on the (rare) lookup: no pointer per name.
 */
#include <ebreak/bpf.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/helpers.h"

static const char helper_names[] =
	/*   0 */ "unspec\0map_lookup_elem\0map_update_elem\0map_delete_elem\0"
	/*   4 */ "probe_read\0ktime_get_ns\0trace_printk\0get_prandom_u32\0"
	/*   8 */ "get_smp_processor_id\0skb_store_bytes\0l3_csum_replace\0"
	/*  11 */ "l4_csum_replace\0tail_call\0clone_redirect\0get_current_pid_tgid\0"
	/*  15 */ "get_current_uid_gid\0get_current_comm\0get_cgroup_classid\0"
	/*  18 */ "skb_vlan_push\0skb_vlan_pop\0skb_get_tunnel_key\0"
	/*  21 */ "skb_set_tunnel_key\0perf_event_read\0redirect\0get_route_realm\0"
	/*  25 */ "perf_event_output\0skb_load_bytes\0get_stackid\0csum_diff\0"
	/*  29 */ "skb_get_tunnel_opt\0skb_set_tunnel_opt\0skb_change_proto\0"
	/*  32 */ "skb_change_type\0skb_under_cgroup\0get_hash_recalc\0"
	/*  35 */ "get_current_task\0probe_write_user\0current_task_under_cgroup\0"
	/*  38 */ "skb_change_tail\0skb_pull_data\0csum_update\0set_hash_invalid\0"
	/*  42 */ "get_numa_node_id\0skb_change_head\0xdp_adjust_head\0"
	/*  45 */ "probe_read_str\0get_socket_cookie\0get_socket_uid\0set_hash\0"
	/*  49 */ "setsockopt\0skb_adjust_room\0redirect_map\0sk_redirect_map\0"
	/*  53 */ "sock_map_update\0xdp_adjust_meta\0perf_event_read_value\0"
	/*  56 */ "perf_prog_read_value\0getsockopt\0override_return\0"
	/*  59 */ "sock_ops_cb_flags_set\0msg_redirect_map\0msg_apply_bytes\0"
	/*  62 */ "msg_cork_bytes\0msg_pull_data\0bind\0xdp_adjust_tail\0"
	/*  66 */ "skb_get_xfrm_state\0get_stack\0skb_load_bytes_relative\0"
	/*  69 */ "fib_lookup\0sock_hash_update\0msg_redirect_hash\0sk_redirect_hash\0"
	/*  73 */ "lwt_push_encap\0lwt_seg6_store_bytes\0lwt_seg6_adjust_srh\0"
	/*  76 */ "lwt_seg6_action\0rc_repeat\0rc_keydown\0skb_cgroup_id\0"
	/*  80 */ "get_current_cgroup_id\0get_local_storage\0sk_select_reuseport\0"
	/*  83 */ "skb_ancestor_cgroup_id\0sk_lookup_tcp\0sk_lookup_udp\0sk_release\0"
	/*  87 */ "map_push_elem\0map_pop_elem\0map_peek_elem\0msg_push_data\0"
	/*  91 */ "msg_pop_data\0rc_pointer_rel\0spin_lock\0spin_unlock\0sk_fullsock\0"
	/*  96 */ "tcp_sock\0skb_ecn_set_ce\0get_listener_sock\0skc_lookup_tcp\0"
	/* 100 */ "tcp_check_syncookie\0sysctl_get_name\0sysctl_get_current_value\0"
	/* 103 */ "sysctl_get_new_value\0sysctl_set_new_value\0strtol\0strtoul\0"
	/* 107 */ "sk_storage_get\0sk_storage_delete\0send_signal\0tcp_gen_syncookie\0"
	/* 111 */ "skb_output\0probe_read_user\0probe_read_kernel\0"
	/* 114 */ "probe_read_user_str\0probe_read_kernel_str\0tcp_send_ack\0"
	/* 117 */ "send_signal_thread\0jiffies64\0read_branch_records\0"
	/* 120 */ "get_ns_current_pid_tgid\0xdp_output\0get_netns_cookie\0"
	/* 123 */ "get_current_ancestor_cgroup_id\0sk_assign\0ktime_get_boot_ns\0"
	/* 126 */ "seq_printf\0seq_write\0sk_cgroup_id\0sk_ancestor_cgroup_id\0"
	/* 130 */ "ringbuf_output\0ringbuf_reserve\0ringbuf_submit\0ringbuf_discard\0"
	/* 134 */ "ringbuf_query\0csum_level\0skc_to_tcp6_sock\0skc_to_tcp_sock\0"
	/* 138 */ "skc_to_tcp_timewait_sock\0skc_to_tcp_request_sock\0"
	/* 140 */ "skc_to_udp6_sock\0get_task_stack\0load_hdr_opt\0store_hdr_opt\0"
	/* 144 */ "reserve_hdr_opt\0inode_storage_get\0inode_storage_delete\0d_path\0"
	/* 148 */ "copy_from_user\0snprintf_btf\0seq_printf_btf\0skb_cgroup_classid\0"
	/* 152 */ "redirect_neigh\0per_cpu_ptr\0this_cpu_ptr\0redirect_peer\0"
	/* 156 */ "task_storage_get\0task_storage_delete\0get_current_task_btf\0"
	/* 159 */ "bprm_opts_set\0ktime_get_coarse_ns\0ima_inode_hash\0"
	/* 162 */ "sock_from_file\0check_mtu\0for_each_map_elem\0snprintf\0sys_bpf\0"
	/* 167 */ "btf_find_by_name_kind\0sys_close\0timer_init\0timer_set_callback\0"
	/* 171 */ "timer_start\0timer_cancel\0get_func_ip\0get_attach_cookie\0"
	/* 175 */ "task_pt_regs\0get_branch_snapshot\0trace_vprintk\0"
	/* 178 */ "skc_to_unix_sock\0kallsyms_lookup_name\0find_vma\0loop\0strncmp\0"
	/* 183 */ "get_func_arg\0get_func_ret\0get_func_arg_cnt\0get_retval\0"
	/* 187 */ "set_retval\0xdp_get_buff_len\0xdp_load_bytes\0xdp_store_bytes\0"
	/* 191 */ "copy_from_user_task\0skb_set_tstamp\0ima_file_hash\0kptr_xchg\0"
	/* 195 */ "map_lookup_percpu_elem\0skc_to_mptcp_sock\0dynptr_from_mem\0"
	/* 198 */ "ringbuf_reserve_dynptr\0ringbuf_submit_dynptr\0"
	/* 200 */ "ringbuf_discard_dynptr\0dynptr_read\0dynptr_write\0dynptr_data\0"
	/* 204 */ "tcp_raw_gen_syncookie_ipv4\0tcp_raw_gen_syncookie_ipv6\0"
	/* 206 */ "tcp_raw_check_syncookie_ipv4\0tcp_raw_check_syncookie_ipv6\0"
	/* 208 */ "ktime_get_tai_ns\0user_ringbuf_drain\0cgrp_storage_get\0"
	/* 211 */ "cgrp_storage_delete\0";

static const char map_type_names[] =
	/*   0 */ "unspec\0hash\0array\0prog_array\0perf_event_array\0percpu_hash\0"
	/*   6 */ "percpu_array\0stack_trace\0cgroup_array\0lru_hash\0"
	/*  10 */ "lru_percpu_hash\0lpm_trie\0array_of_maps\0hash_of_maps\0devmap\0"
	/*  15 */ "sockmap\0cpumap\0xskmap\0sockhash\0cgroup_storage\0"
	/*  20 */ "reuseport_sockarray\0percpu_cgroup_storage\0queue\0stack\0"
	/*  24 */ "sk_storage\0devmap_hash\0struct_ops\0ringbuf\0inode_storage\0"
	/*  29 */ "task_storage\0bloom_filter\0user_ringbuf\0cgrp_storage\0arena\0";

/* The id-th name of table (of size bytes), or NULL past its end. */
static const char *
nth(const char *table, size_t size, uint32_t id)
{
	const char *p = table;

	for (; id && p < table + size - 1; id--)
		p += strlen(p) + 1;
	return p < table + size - 1 ? p : NULL;
}

/* The helper's name without bpf_ (map_lookup_elem for 1), or NULL for
 * an id Linux does not define. Any context. */
const char *
bpf_func_id_name(uint32_t id)
{
	return nth(helper_names, sizeof(helper_names), id);
}

/* The id of the helper named name (without bpf_), or -1. Any context. */
int
bpf_func_id_by_name(const char *name)
{
	const char *p = helper_names;
	int id;

	for (id = 0; p < helper_names + sizeof(helper_names) - 1; id++) {
		if (!strcmp(p, name))
			return id;
		p += strlen(p) + 1;
	}
	return -1;
}

/* bpftool's name of a map type ("hash" for 1), or NULL for a type Linux
 * does not define. Any context. */
const char *
eb_bpf_map_type_str(uint32_t type)
{
	return nth(map_type_names, sizeof(map_type_names), type);
}

/* Writes Linux's verifier's form of a helper, bpf_map_lookup_elem#1 (an
 * id Linux does not define: unknown#ID), to buf and returns it. Any
 * context. */
const char *
bpf_func_id_str(uint32_t id, char *buf, size_t size)
{
	const char *name = bpf_func_id_name(id);

	if (name)
		eb_snprintf(buf, size, "bpf_%s#%u", name, id);
	else
		eb_snprintf(buf, size, "unknown#%u", id);
	return buf;
}

/* Writes map type for a message, its name ("hash"; the number for a
 * type Linux does not define), to buf and returns it. Any context. */
const char *
bpf_map_type_text(uint32_t type, char *buf, size_t size)
{
	const char *name = eb_bpf_map_type_str(type);

	if (name)
		return name;
	eb_snprintf(buf, size, "%u", type);
	return buf;
}
